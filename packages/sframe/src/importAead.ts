/** Chooses a suite's AEAD (§4.5) and imports its key. */
import { type Aead } from './aead.js';
import { importAesCtrHmac } from './aesCtrHmac.js';
import { importAesGcm } from './aesGcm.js';
import { type CipherSuite } from './cipherSuites.js';

/** Imports `key` (AEAD.Nk bytes, e.g. `sframe_key`) for the suite's AEAD. */
export async function importAead(suite: CipherSuite, key: Uint8Array): Promise<Aead> {
  if (key.length !== suite.nk) throw new RangeError(`${suite.name} takes a ${suite.nk}-byte key, not ${key.length}`);
  return suite.aead === 'AES-GCM' ? importAesGcm(suite, key) : importAesCtrHmac(suite, key);
}
