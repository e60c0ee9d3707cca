// Which image each traced domain runs, from a build's manifest: the host's ELF for the
// host, and for an enclave or server the image the monitor knows by that name (its
// registered name, or its section name), with a server's interface.
import { MAX_NAME_CHARS } from '../../runtime/abi.js';
import type { Manifest } from '../manifest.js';
import type { DomainImageLookup } from './trace-recorder.js';

/** The name the monitor knows an image by: its registered name, or its section name. */
export function monitorNameOf(image: Manifest['images'][number]): string {
  return (image.registeredName ?? image.name).slice(0, MAX_NAME_CHARS);
}

export function domainImagesOf(manifest: Manifest, bytesOf: (file: string) => Uint8Array | undefined, hostElf: Uint8Array | undefined): DomainImageLookup {
  return (name) => {
    if (name === 'host') return { elf: hostElf };
    const image = manifest.images.find((i) => i.kind !== 'host' && monitorNameOf(i) === name);
    return image && { elf: bytesOf(image.file), interface: image.interface };
  };
}
