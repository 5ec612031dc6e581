import { createHash, createPrivateKey, createPublicKey, scryptSync, sign as cryptoSign, type KeyObject } from 'node:crypto';
import nacl from 'tweetnacl';
import { envelopeOf, preAuthEncoding } from '../../domain/attest/dsse.js';
import { IN_TOTO_PAYLOAD_TYPE } from '../../domain/attest/in-toto.js';
import { keySignedBundle } from '../../domain/attest/referrers-layout.js';
import { GateError } from '../../domain/gate-error.js';
import type { AttestationSigner } from './signer.js';

/*
 * `attest: key`. The key is cosign-compatible: a PKCS#8 (or SEC 1) ECDSA P-256 PEM, or the
 * encrypted key `cosign generate-key-pair` writes (PEM type ENCRYPTED SIGSTORE PRIVATE KEY, or
 * ENCRYPTED COSIGN PRIVATE KEY from older cosign). The encrypted body is the JSON of
 * go-securesystemslib's `encrypted` package: scrypt (N, r, p, salt) derives a 32-byte key,
 * NaCl secretbox (XSalsa20-Poly1305, 24-byte nonce) seals the PKCS#8 DER.
 * Messages never quote the key or the password.
 */

const ENCRYPTED_PEM = /-----BEGIN (ENCRYPTED (?:SIGSTORE|COSIGN) PRIVATE KEY)-----([\s\S]*?)-----END \1-----/;
/** The scrypt parameters cosign writes (legacy, standard, OWASP); anything else could be a DoS. */
const ALLOWED_SCRYPT = new Set(['32768/8/1', '65536/8/1', '131072/8/1']);

function keyError(message: string, cause?: unknown): GateError {
  return new GateError('input-error', `input 'attest-key': ${message}`, {
    remedy: "give the PEM text of an ECDSA P-256 private key (PKCS#8), or the cosign.key of `cosign generate-key-pair` with attest-key-password",
    ...(cause !== undefined && { cause }),
  });
}

interface EncryptedKeyJson {
  kdf?: { name?: string; params?: { N?: number; r?: number; p?: number }; salt?: string };
  cipher?: { name?: string; nonce?: string };
  ciphertext?: string;
}

function decryptCosignKey(body: string, password: string): Buffer {
  let parsed: EncryptedKeyJson;
  try {
    parsed = JSON.parse(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')) as EncryptedKeyJson;
  } catch (error) {
    throw keyError('the encrypted key is not cosign\'s format (its body is not JSON)', error);
  }
  const { kdf, cipher, ciphertext } = parsed;
  if (kdf?.name !== 'scrypt' || cipher?.name !== 'nacl/secretbox' || !kdf.salt || !cipher.nonce || !ciphertext) {
    throw keyError('the encrypted key is not cosign\'s format (expected scrypt + nacl/secretbox)');
  }
  const { N, r, p } = kdf.params ?? {};
  if (!ALLOWED_SCRYPT.has(`${N}/${r}/${p}`)) throw keyError('the encrypted key uses scrypt parameters cosign never writes');
  const nonce = Buffer.from(cipher.nonce, 'base64');
  if (nonce.length !== nacl.secretbox.nonceLength) throw keyError('the encrypted key has a nonce of the wrong size');
  const key = scryptSync(Buffer.from(password, 'utf8'), Buffer.from(kdf.salt, 'base64'), nacl.secretbox.keyLength, {
    N: N!,
    r: r!,
    p: p!,
    maxmem: 256 * N! * r! + 1024 * 1024,
  });
  const opened = nacl.secretbox.open(Buffer.from(ciphertext, 'base64'), nonce, key);
  if (!opened) {
    throw new GateError('input-error', "input 'attest-key-password': it does not decrypt attest-key", {
      remedy: 'give the password cosign generate-key-pair was run with (COSIGN_PASSWORD)',
    });
  }
  return Buffer.from(opened);
}

/** The private key from `attest-key` text; throws an input error naming what is wrong, never the key. */
export function loadSigningKey(pem: string, password: string): KeyObject {
  const encrypted = ENCRYPTED_PEM.exec(pem);
  let key: KeyObject;
  try {
    key = encrypted
      ? createPrivateKey({ key: decryptCosignKey(encrypted[2]!, password), format: 'der', type: 'pkcs8' })
      : createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    if (error instanceof GateError) throw error;
    throw keyError('it is not a PEM private key Node can read', error);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw keyError(`it is a ${key.asymmetricKeyType ?? 'unknown'} key; cosign-compatible signing here needs ECDSA P-256`);
  }
  return key;
}

/** The PEM public key a verifier gives `cosign verify-attestation --key`. */
export function publicKeyPem(key: KeyObject): string {
  return createPublicKey(key).export({ format: 'pem', type: 'spki' }).toString();
}

export function createKeySigner(pem: string, password: string): AttestationSigner {
  const key = loadSigningKey(pem, password);
  // cosign's hint for a key in a bundle: base64 of the SHA-256 of the public key's SPKI DER.
  const hint = createHash('sha256').update(createPublicKey(key).export({ format: 'der', type: 'spki' })).digest('base64');
  return {
    mode: 'key',
    async sign(statement) {
      const signature = cryptoSign('sha256', preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, statement), { key, dsaEncoding: 'der' });
      // cosign signs with an empty keyid and matches keys by trying them, so do the same.
      const envelope = envelopeOf(IN_TOTO_PAYLOAD_TYPE, statement, [{ keyid: '', sig: signature.toString('base64') }]);
      return { envelope, bundle: keySignedBundle(envelope, hint) };
    },
  };
}
