// Reads a store config's `caPath` (a PEM CA bundle) for Vault and AWS alike: asynchronously, regular
// files only, at most MAX_CA_BYTES. A synchronous read of /dev/zero exhausted memory and a FIFO hung
// the process for ever; both are now refused in words before anything is read.
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { steps, StoreError } from './storeError';

/** A CA bundle is a few KB; the whole Mozilla bundle is about 220 KB. */
export const MAX_CA_BYTES = 1024 * 1024;

function caProblem(store: string, problem: string): StoreError {
  return new StoreError({
    kind: 'invalid',
    store,
    problem,
    action: {
      editor: `Fix "caPath" in the store config (a PEM file), or remove it for a publicly trusted server. ${steps.editConfig.editor}`,
      terminal: `Fix "caPath" in the store config (a PEM file), or remove it for a publicly trusted server. ${steps.editConfig.terminal}`,
    },
  });
}

export async function readCaFile(file: string, store: string): Promise<Buffer> {
  const describe = `The CA certificate file "${file}"`;
  // stat first: it neither blocks on a FIFO nor reads a device.
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw caProblem(store, `${describe} cannot be read (${error.code ?? 'error'}).`);
  });
  if (!info.isFile()) throw caProblem(store, `${describe} is not a regular file (a device, pipe or folder).`);
  if (info.size > MAX_CA_BYTES)
    throw caProblem(store, `${describe} is ${Math.round(info.size / 1024)} KB; a CA bundle is under ${MAX_CA_BYTES / 1024} KB.`);
  // O_NONBLOCK: if the path was swapped for a FIFO after the stat, opening it still returns at once.
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
    throw caProblem(store, `${describe} cannot be read (${error.code ?? 'error'}).`);
  });
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) throw caProblem(store, `${describe} is not a regular file (a device, pipe or folder).`);
    const buffer = Buffer.alloc(MAX_CA_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_CA_BYTES) throw caProblem(store, `${describe} is larger than ${MAX_CA_BYTES / 1024} KB; a CA bundle is smaller.`);
    const pem = buffer.subarray(0, length);
    if (!pem.includes('-----BEGIN CERTIFICATE-----'))
      throw caProblem(store, `${describe} holds no PEM certificate ("-----BEGIN CERTIFICATE-----").`);
    return Buffer.from(pem);
  } finally {
    await handle.close();
  }
}
