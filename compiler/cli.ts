// The `penglaic` command line: the only place that joins compiler and emulator.
console.log('penglaic: under construction');
