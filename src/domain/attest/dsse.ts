/**
 * DSSE (https://github.com/secure-systems-lab/dsse/blob/master/protocol.md): the signature
 * covers the pre-authentication encoding of (payloadType, payload), never the JSON around it.
 */
export interface DsseSignature {
  keyid: string;
  /** base64 of the raw signature (ASN.1 DER for ECDSA). */
  sig: string;
}

export interface DsseEnvelope {
  payloadType: string;
  /** base64 of the payload bytes. */
  payload: string;
  signatures: DsseSignature[];
}

/** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in bytes. */
export function preAuthEncoding(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'utf8'),
    type,
    Buffer.from(` ${payload.length} `, 'utf8'),
    Buffer.from(payload),
  ]);
}

export function envelopeOf(payloadType: string, payload: Uint8Array, signatures: DsseSignature[]): DsseEnvelope {
  return { payloadType, payload: Buffer.from(payload).toString('base64'), signatures };
}

/** The payload bytes an envelope carries. */
export function envelopePayload(envelope: DsseEnvelope): Buffer {
  return Buffer.from(envelope.payload, 'base64');
}
