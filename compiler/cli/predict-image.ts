// The build's measurement predictor (compiler/build.ts MeasurementPredictor) on the emulator's
// measurement plan: the CLI joins compiler and emulator, so it lives here, in a file of its own
// that touches neither the disk nor the command line, for every host of the build (`penglaic
// build`, `penglaic test`, the playground's run worker).
import { elfImage, planMeasurement } from '../../emulator/index.js';
import { DEFAULT_STACK_SIZE, EnclaveType, MAX_NAME_CHARS } from '../../runtime/abi.js';
import { enclaveIdentity, NORMAL_IDENTITY, type EnclaveIdentity } from '../../runtime/measurement.js';
import type { MeasurementPredictor } from '../build.js';
import { UsageError } from './common.js';

/** The measurement the monitor will compute when it creates an enclave from this image as `identity`. */
export function predictedMeasurement(elf: Uint8Array, name: string, identity: EnclaveIdentity = NORMAL_IDENTITY): Uint8Array {
  const image = elfImage(elf);
  if ('error' in image) throw new UsageError(`${name}: ${image.error}`);
  const planned = planMeasurement(image, DEFAULT_STACK_SIZE, identity);
  if ('error' in planned) throw new UsageError(`${name}: ${planned.error}`);
  return planned.measurement;
}

/** The build's predictor: what the monitor will measure when the generated host creates the
 *  section's enclave (a server under its registered name, an enclave as NORMAL). */
export const predictImage: MeasurementPredictor = (elf, image) => {
  const section = image.section;
  const identity = section.kind === 'server' ? enclaveIdentity(EnclaveType.SERVER, (section.registeredName ?? section.name).slice(0, MAX_NAME_CHARS)) : NORMAL_IDENTITY;
  return predictedMeasurement(elf, image.fileName, identity);
};
