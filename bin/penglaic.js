#!/usr/bin/env node
import '../dist/penglaic.js';
