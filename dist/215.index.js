export const id = 215;
export const ids = [215];
export const modules = {

/***/ 19215:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  attachAttestations: () => (/* binding */ attachAttestations)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./build/domain/attest/in-toto.js
var in_toto = __webpack_require__(80949);
;// CONCATENATED MODULE: ./build/domain/attest/cosign-layout.js


/*
 * How cosign finds what hangs off an image on a registry without the OCI 1.1 referrers API
 * (distribution 2.8, and cosign's own default lookup when no Sigstore bundle is a referrer):
 * a tag derived from the subject digest, `sha256-<hex>.att` for attestations and
 * `sha256-<hex>.sbom` for an SBOM, naming an OCI image manifest whose layers are the attached
 * things. Attestation layers are DSSE envelopes (`application/vnd.dsse.envelope.v1+json`)
 * annotated with their `predicateType` and an empty `dev.cosignproject.cosign/signature`
 * (the signature is inside the envelope); keyless ones also carry the Fulcio certificate, its
 * chain and the Rekor bundle as annotations. `cosign verify-attestation` reads every layer,
 * checks the envelope's signature and that the statement's subject is the image digest.
 */
const OCI_MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
const OCI_CONFIG_MEDIA_TYPE = 'application/vnd.oci.image.config.v1+json';
const DSSE_ENVELOPE_MEDIA_TYPE = 'application/vnd.dsse.envelope.v1+json';
const CYCLONEDX_JSON_MEDIA_TYPE = 'application/vnd.cyclonedx+json';
const COSIGN_SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
const COSIGN_CERTIFICATE_ANNOTATION = 'dev.sigstore.cosign/certificate';
const COSIGN_CHAIN_ANNOTATION = 'dev.sigstore.cosign/chain';
const COSIGN_BUNDLE_ANNOTATION = 'dev.sigstore.cosign/bundle';
const PREDICATE_TYPE_ANNOTATION = 'predicateType';
/** `sha256:<hex>` → `sha256-<hex>.att`: the tag cosign looks up for that digest. */
function attachmentTag(subjectDigest, kind) {
    return `sha256-${(0,in_toto/* sha256Hex */.fg)(subjectDigest)}.${kind}`;
}
function sha256Digest(bytes) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
}
function describe(layer) {
    const digest = sha256Digest(layer.bytes);
    const descriptor = { mediaType: layer.mediaType, digest, size: layer.bytes.length };
    if (layer.annotations && Object.keys(layer.annotations).length > 0)
        descriptor.annotations = { ...layer.annotations };
    return { descriptor, blob: { digest, mediaType: layer.mediaType, bytes: layer.bytes } };
}
/**
 * The manifest for `layers` under `<digest>.<kind>`. `kept` are layers of an existing
 * attachment manifest to carry over (other tools' attestations on the same digest): they
 * stay first, in their order. The config is the minimal image config cosign writes for its
 * static images (rootfs diff_ids = the layer digests; layers are not compressed).
 */
function attachmentManifest(subjectDigest, kind, layers, kept = []) {
    const described = layers.map(describe);
    const all = [...kept, ...described.map((d) => d.descriptor)];
    const config = Buffer.from(JSON.stringify({
        architecture: '',
        os: '',
        config: {},
        rootfs: { type: 'layers', diff_ids: all.map((l) => l.digest) },
    }));
    const configDigest = sha256Digest(config);
    const manifest = Buffer.from(JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST_MEDIA_TYPE,
        config: { mediaType: OCI_CONFIG_MEDIA_TYPE, size: config.length, digest: configDigest },
        layers: all,
    }));
    return {
        tag: attachmentTag(subjectDigest, kind),
        mediaType: OCI_MANIFEST_MEDIA_TYPE,
        bytes: manifest,
        digest: sha256Digest(manifest),
        blobs: [...described.map((d) => d.blob), { digest: configDigest, mediaType: OCI_CONFIG_MEDIA_TYPE, bytes: config }],
        layers: all,
    };
}
/**
 * The layers of an existing `.att` manifest that this run does not replace: attestations of
 * other predicate types (another tool's SLSA provenance) survive; ours are replaced, like
 * `cosign attest --replace`. Unparseable manifests keep nothing (fail towards our own).
 */
function layersToKeep(existingManifest, replacedPredicateTypes) {
    if (!existingManifest)
        return [];
    let parsed;
    try {
        parsed = JSON.parse(existingManifest.toString('utf8'));
    }
    catch {
        return [];
    }
    if (!Array.isArray(parsed.layers))
        return [];
    const replaced = new Set(replacedPredicateTypes);
    return parsed.layers.filter((l) => l && typeof l.digest === 'string' && typeof l.mediaType === 'string' && typeof l.size === 'number' &&
        !replaced.has(l.annotations?.[PREDICATE_TYPE_ANNOTATION] ?? ''));
}

;// CONCATENATED MODULE: ./build/adapters/attest/attach.js

function attestationLayer(predicateType, signed) {
    const annotations = { [COSIGN_SIGNATURE_ANNOTATION]: '', [PREDICATE_TYPE_ANNOTATION]: predicateType };
    if (signed.certificate) {
        annotations[COSIGN_CERTIFICATE_ANNOTATION] = signed.certificate.leaf;
        annotations[COSIGN_CHAIN_ANNOTATION] = signed.certificate.chain;
    }
    if (signed.rekorBundle !== undefined)
        annotations[COSIGN_BUNDLE_ANNOTATION] = JSON.stringify(signed.rekorBundle);
    return { mediaType: DSSE_ENVELOPE_MEDIA_TYPE, bytes: signed.envelopeBytes ?? Buffer.from(JSON.stringify(signed.envelope)), annotations };
}
async function upload(registry, repository, manifest) {
    // Blobs first, then the manifest: a registry refuses a manifest whose blobs it lacks.
    await Promise.all(manifest.blobs.map(async (blob) => {
        const stored = await registry.putBlob(repository, blob.bytes, blob.mediaType);
        if (stored.digest !== blob.digest)
            throw new Error(`the registry stored a blob as ${stored.digest}, not ${blob.digest}`);
    }));
    const { digest } = await registry.putManifest(repository, manifest.tag, manifest.bytes, manifest.mediaType);
    if (digest !== manifest.digest) {
        throw new Error(`the registry stored the attachment manifest ${manifest.tag} as ${digest}, not ${manifest.digest}`);
    }
    return digest;
}
/**
 * Signs every statement, then stores them under cosign's tags next to the subject digest.
 * Nothing about target tags happens here: the caller creates them only after this returns.
 */
async function attachAttestations(registry, signer, request) {
    const signed = await Promise.all(request.statements.map((statement) => signer.sign(Buffer.from(JSON.stringify(statement)))));
    const predicateTypes = request.statements.map((s) => s.predicateType);
    const layers = request.statements.map((s, i) => attestationLayer(s.predicateType, signed[i]));
    const attachAtt = async () => {
        const existing = await registry.getManifest?.(request.repository, attachmentManifest(request.subjectDigest, 'att', []).tag);
        const att = attachmentManifest(request.subjectDigest, 'att', layers, layersToKeep(existing, predicateTypes));
        return upload(registry, request.repository, att);
    };
    // `cosign download sbom` reads one layer: this SBOM replaces any earlier one.
    const sbomBytes = request.sbom;
    const attachSbom = async () => sbomBytes ? upload(registry, request.repository, attachmentManifest(request.subjectDigest, 'sbom', [{ mediaType: CYCLONEDX_JSON_MEDIA_TYPE, bytes: sbomBytes }])) : undefined;
    const [attDigest, sbomDigest] = await Promise.all([attachAtt(), attachSbom()]);
    return { attestations: Object.fromEntries(predicateTypes.map((t) => [t, attDigest])), sbom: sbomDigest, signed };
}


/***/ })

};
