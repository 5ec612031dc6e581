export const id = 574;
export const ids = [574];
export const modules = {

/***/ 60574:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   attachAttestations: () => (/* binding */ attachAttestations)
/* harmony export */ });
/* harmony import */ var _domain_attest_cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(57555);
/* harmony import */ var _domain_attest_referrers_layout_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(99554);


function attestationLayer(predicateType, signed) {
    const annotations = { [_domain_attest_cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .COSIGN_SIGNATURE_ANNOTATION */ .Ry]: '', [_domain_attest_cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .PREDICATE_TYPE_ANNOTATION */ .nn]: predicateType };
    if (signed.certificate) {
        annotations[_domain_attest_cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .COSIGN_CERTIFICATE_ANNOTATION */ .EG] = signed.certificate.leaf;
        annotations[_domain_attest_cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .COSIGN_CHAIN_ANNOTATION */ .MP] = signed.certificate.chain;
    }
    if (signed.rekorBundle !== undefined)
        annotations[_domain_attest_cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .COSIGN_BUNDLE_ANNOTATION */ .tk] = JSON.stringify(signed.rekorBundle);
    return { mediaType: _domain_attest_cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .DSSE_ENVELOPE_MEDIA_TYPE */ .Nr, bytes: signed.envelopeBytes ?? Buffer.from(JSON.stringify(signed.envelope)), annotations };
}
async function uploadBlobs(registry, repository, blobs) {
    await Promise.all(blobs.map(async (blob) => {
        const stored = await registry.putBlob(repository, blob.bytes, blob.mediaType);
        if (stored.digest !== blob.digest)
            throw new Error(`the registry stored a blob as ${stored.digest}, not ${blob.digest}`);
    }));
}
async function upload(registry, repository, manifest) {
    // Blobs first, then the manifest: a registry refuses a manifest whose blobs it lacks.
    await uploadBlobs(registry, repository, manifest.blobs);
    // A referrer is pushed by its own digest: it never takes a tag.
    const reference = 'tag' in manifest ? manifest.tag : manifest.digest;
    const { digest } = await registry.putManifest(repository, reference, manifest.bytes, manifest.mediaType);
    if (digest !== manifest.digest) {
        throw new Error(`the registry stored the attachment manifest ${reference} as ${digest}, not ${manifest.digest}`);
    }
    return digest;
}
/** The subject as a referrer names it: media type and size from the manifest the registry serves. */
async function subjectDescriptor(registry, request) {
    if (request.subjectDescriptor)
        return request.subjectDescriptor;
    const bytes = await registry.getManifest?.(request.repository, request.subjectDigest);
    if (!bytes)
        return undefined;
    if ((0,_domain_attest_cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256Digest */ .sI)(bytes) !== request.subjectDigest)
        throw new Error(`the registry served other bytes for ${request.subjectDigest}`);
    const { mediaType } = JSON.parse(bytes.toString('utf8'));
    if (typeof mediaType !== 'string')
        throw new Error(`the manifest ${request.subjectDigest} names no mediaType`);
    return { mediaType, digest: request.subjectDigest, size: bytes.length };
}
/**
 * cosign's tag layout (registries without the referrers API): all statements as layers of
 * one `sha256-<hex>.att` manifest — keeping the layers other tools put there — and the SBOM
 * under `sha256-<hex>.sbom`.
 */
async function attachUnderTags(registry, request, signed, existing) {
    const predicateTypes = request.statements.map((s) => s.predicateType);
    const layers = request.statements.map((s, i) => attestationLayer(s.predicateType, signed[i]));
    const attachAtt = async () => {
        const att = (0,_domain_attest_cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .attachmentManifest */ .Ny)(request.subjectDigest, 'att', layers, (0,_domain_attest_cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .layersToKeep */ .L0)(existing, predicateTypes));
        return upload(registry, request.repository, att);
    };
    // `cosign download sbom` reads one layer: this SBOM replaces any earlier one.
    const sbomBytes = request.sbom;
    const attachSbom = async () => sbomBytes ? upload(registry, request.repository, (0,_domain_attest_cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .attachmentManifest */ .Ny)(request.subjectDigest, 'sbom', [{ mediaType: _domain_attest_cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .CYCLONEDX_JSON_MEDIA_TYPE */ .Zz, bytes: sbomBytes }])) : undefined;
    const [attDigest, sbomDigest] = await Promise.all([attachAtt(), attachSbom()]);
    return { attestations: Object.fromEntries(predicateTypes.map((t) => [t, attDigest])), sbom: sbomDigest };
}
/**
 * OCI 1.1 referrers: each statement its own Sigstore bundle referrer of the subject. Other
 * tools' referrers are separate manifests and stay untouched. The SBOM becomes a referrer and
 * also keeps its `.sbom` tag, which is the only place `cosign download sbom` looks.
 */
async function attachAsReferrers(registry, request, signed, subject) {
    const now = request.now ?? new Date();
    const referrers = request.statements.map((statement, i) => {
        const bundle = signed[i].bundle;
        if (bundle === undefined)
            throw new Error(`the ${signed[i].envelope.payloadType} signature came without a Sigstore bundle`);
        return (0,_domain_attest_referrers_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .bundleReferrer */ .GR)(subject, statement.predicateType, Buffer.from(JSON.stringify(bundle)), now);
    });
    const sbomBytes = request.sbom;
    const sbom = sbomBytes ? (0,_domain_attest_referrers_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .sbomReferrer */ .xd)(subject, sbomBytes, now) : undefined;
    const [digests, sbomDigest] = await Promise.all([
        Promise.all(referrers.map((referrer) => upload(registry, request.repository, referrer))),
        sbomBytes
            ? Promise.all([
                upload(registry, request.repository, (0,_domain_attest_cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .attachmentManifest */ .Ny)(request.subjectDigest, 'sbom', [{ mediaType: _domain_attest_cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .CYCLONEDX_JSON_MEDIA_TYPE */ .Zz, bytes: sbomBytes }])),
                upload(registry, request.repository, sbom),
            ]).then(([tagged]) => tagged)
            : undefined,
    ]);
    return {
        attestations: Object.fromEntries(request.statements.map((s, i) => [s.predicateType, digests[i]])),
        sbom: sbomDigest,
        referrers: sbom ? [...referrers, sbom] : referrers,
    };
}
/**
 * Referrers where the registry serves the API. Without it, cosign's tags — unless the
 * referrers tag schema's `sha256-<hex>` index already exists for the digest (cosign v3's
 * default `attest` writes it): cosign then reads only the bundles listed there, so the gate's
 * join them. Asked after the subject was pushed: a registry may answer 404 for a repository
 * it does not know yet.
 */
async function chooseStorage(registry, request) {
    // Three independent reads at once: a run on a registry without the API needs all of them.
    const [listed, tagIndex, att] = await Promise.all([
        registry.referrers?.(request.repository, request.subjectDigest),
        registry.getManifest?.(request.repository, (0,_domain_attest_referrers_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .referrersTag */ .LN)(request.subjectDigest)),
        registry.getManifest?.(request.repository, (0,_domain_attest_cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .attachmentTag */ .Ko)(request.subjectDigest, 'att')),
    ]);
    const index = listed ? undefined : (0,_domain_attest_referrers_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .parseReferrersTagIndex */ .o3)(tagIndex);
    if (listed || index) {
        const subject = await subjectDescriptor(registry, request);
        if (subject && listed)
            return { kind: 'referrers', subject };
        if (subject && index)
            return { kind: 'referrers-tag', subject, index };
    }
    return { kind: 'tags', existing: att };
}
/**
 * Signs every statement, then stores them next to the subject digest: as OCI 1.1 referrers
 * where the registry serves the referrers API, otherwise under cosign's tags.
 * Nothing about target tags happens here: the caller creates them only after this returns.
 */
async function attachAttestations(registry, signer, request) {
    const [signed, storage] = await Promise.all([
        Promise.all(request.statements.map((statement) => signer.sign(Buffer.from(JSON.stringify(statement))))),
        chooseStorage(registry, request),
    ]);
    if (storage.kind === 'tags')
        return { ...(await attachUnderTags(registry, request, signed, storage.existing)), signed, storage: 'tags' };
    const { referrers, ...attached } = await attachAsReferrers(registry, request, signed, storage.subject);
    if (storage.kind === 'referrers-tag') {
        // Read again just before writing: the window in which another writer's entry could be lost stays small.
        const latest = (0,_domain_attest_referrers_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .parseReferrersTagIndex */ .o3)(await registry.getManifest?.(request.repository, (0,_domain_attest_referrers_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .referrersTag */ .LN)(request.subjectDigest))) ?? storage.index;
        const index = (0,_domain_attest_referrers_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .withReferrers */ .tv)(latest, referrers);
        const { digest } = await registry.putManifest(request.repository, (0,_domain_attest_referrers_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .referrersTag */ .LN)(request.subjectDigest), index.bytes, _domain_attest_referrers_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .OCI_INDEX_MEDIA_TYPE */ .Vl);
        if (digest !== index.digest)
            throw new Error(`the registry stored the referrers index ${(0,_domain_attest_referrers_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .referrersTag */ .LN)(request.subjectDigest)} as ${digest}, not ${index.digest}`);
    }
    return { ...attached, signed, storage: storage.kind };
}


/***/ }),

/***/ 57555:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EG: () => (/* binding */ COSIGN_CERTIFICATE_ANNOTATION),
/* harmony export */   Ko: () => (/* binding */ attachmentTag),
/* harmony export */   L0: () => (/* binding */ layersToKeep),
/* harmony export */   MP: () => (/* binding */ COSIGN_CHAIN_ANNOTATION),
/* harmony export */   Nr: () => (/* binding */ DSSE_ENVELOPE_MEDIA_TYPE),
/* harmony export */   Ny: () => (/* binding */ attachmentManifest),
/* harmony export */   Ry: () => (/* binding */ COSIGN_SIGNATURE_ANNOTATION),
/* harmony export */   Zz: () => (/* binding */ CYCLONEDX_JSON_MEDIA_TYPE),
/* harmony export */   k_: () => (/* binding */ OCI_MANIFEST_MEDIA_TYPE),
/* harmony export */   nn: () => (/* binding */ PREDICATE_TYPE_ANNOTATION),
/* harmony export */   sI: () => (/* binding */ sha256Digest),
/* harmony export */   tk: () => (/* binding */ COSIGN_BUNDLE_ANNOTATION)
/* harmony export */ });
/* unused harmony export OCI_CONFIG_MEDIA_TYPE */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var _in_toto_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(80949);


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
    return `sha256-${(0,_in_toto_js__WEBPACK_IMPORTED_MODULE_1__/* .sha256Hex */ .fg)(subjectDigest)}.${kind}`;
}
function sha256Digest(bytes) {
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex')}`;
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


/***/ }),

/***/ 99554:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AH: () => (/* binding */ parseReferrersIndex),
/* harmony export */   GR: () => (/* binding */ bundleReferrer),
/* harmony export */   LN: () => (/* binding */ referrersTag),
/* harmony export */   Vl: () => (/* binding */ OCI_INDEX_MEDIA_TYPE),
/* harmony export */   mO: () => (/* binding */ keySignedBundle),
/* harmony export */   o3: () => (/* binding */ parseReferrersTagIndex),
/* harmony export */   tv: () => (/* binding */ withReferrers),
/* harmony export */   xd: () => (/* binding */ sbomReferrer)
/* harmony export */ });
/* unused harmony exports SIGSTORE_BUNDLE_V03_MEDIA_TYPE, OCI_EMPTY_MEDIA_TYPE, BUNDLE_PREDICATE_TYPE_ANNOTATION, BUNDLE_CONTENT_ANNOTATION, CREATED_ANNOTATION, referrerManifest */
/* harmony import */ var _cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(57555);

/*
 * How attestations hang off an image on a registry with the OCI 1.1 referrers API
 * (`GET /v2/<name>/referrers/<digest>`): each one is its own OCI image manifest whose
 * `subject` is the image manifest, pushed by digest (no tag). This is the form cosign v3
 * writes with its default (new) bundle format and reads first in `verify-attestation`:
 * `artifactType` application/vnd.dev.sigstore.bundle.v0.3+json, the empty config, exactly
 * one layer holding a Sigstore bundle v0.3 (JSON) whose content is the DSSE envelope, and the
 * predicate type in the `dev.sigstore.bundle.predicateType` annotation (`cosign tree` groups
 * by it). When cosign finds such bundles for a digest it verifies only those, so on these
 * registries every attestation the gate writes is a bundle referrer.
 *
 * The SBOM becomes a referrer too, in the form OCI 1.1 consumers look for (Trivy's
 * `--sbom-sources oci`): artifactType application/vnd.cyclonedx+json, one CycloneDX layer.
 */
const SIGSTORE_BUNDLE_V03_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const OCI_EMPTY_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';
const OCI_INDEX_MEDIA_TYPE = 'application/vnd.oci.image.index.v1+json';
const BUNDLE_PREDICATE_TYPE_ANNOTATION = 'dev.sigstore.bundle.predicateType';
const BUNDLE_CONTENT_ANNOTATION = 'dev.sigstore.bundle.content';
const CREATED_ANNOTATION = 'org.opencontainers.image.created';
/** The OCI empty descriptor's content: `{}`. */
const EMPTY_CONFIG = Buffer.from('{}');
/**
 * The manifest of one artifact about `subject`. The field order is fixed so the same content
 * always makes the same digest; `created` is the only thing that differs between runs.
 */
function referrerManifest(args) {
    const layerDigest = (0,_cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256Digest */ .sI)(args.layer.bytes);
    const configDigest = (0,_cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256Digest */ .sI)(EMPTY_CONFIG);
    const bytes = Buffer.from(JSON.stringify({
        schemaVersion: 2,
        mediaType: _cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .OCI_MANIFEST_MEDIA_TYPE */ .k_,
        artifactType: args.artifactType,
        config: { mediaType: OCI_EMPTY_MEDIA_TYPE, digest: configDigest, size: EMPTY_CONFIG.length },
        layers: [{ mediaType: args.layer.mediaType, digest: layerDigest, size: args.layer.bytes.length }],
        subject: { mediaType: args.subject.mediaType, digest: args.subject.digest, size: args.subject.size },
        annotations: args.annotations,
    }));
    return {
        mediaType: _cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .OCI_MANIFEST_MEDIA_TYPE */ .k_,
        artifactType: args.artifactType,
        annotations: args.annotations,
        bytes,
        digest: (0,_cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256Digest */ .sI)(bytes),
        blobs: [
            { digest: layerDigest, mediaType: args.layer.mediaType, bytes: args.layer.bytes },
            { digest: configDigest, mediaType: OCI_EMPTY_MEDIA_TYPE, bytes: EMPTY_CONFIG },
        ],
    };
}
/** A signed statement as a Sigstore bundle referrer of `subject`. */
function bundleReferrer(subject, predicateType, bundle, created) {
    return referrerManifest({
        subject,
        artifactType: SIGSTORE_BUNDLE_V03_MEDIA_TYPE,
        layer: { mediaType: SIGSTORE_BUNDLE_V03_MEDIA_TYPE, bytes: bundle },
        annotations: {
            [BUNDLE_CONTENT_ANNOTATION]: 'dsse-envelope',
            [BUNDLE_PREDICATE_TYPE_ANNOTATION]: predicateType,
            [CREATED_ANNOTATION]: created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        },
    });
}
/** The CycloneDX SBOM as a referrer of `subject`. */
function sbomReferrer(subject, sbom, created) {
    return referrerManifest({
        subject,
        artifactType: _cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .CYCLONEDX_JSON_MEDIA_TYPE */ .Zz,
        layer: { mediaType: _cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .CYCLONEDX_JSON_MEDIA_TYPE */ .Zz, bytes: sbom },
        annotations: { [CREATED_ANNOTATION]: created.toISOString().replace(/\.\d{3}Z$/, 'Z') },
    });
}
/**
 * Sigstore bundle v0.3 (JSON form) for an envelope signed with a plain key, as cosign writes
 * it: the verification material is only a hint naming the key (base64 of the SHA-256 of its
 * SPKI DER); the verifier brings the key itself. No transparency log entry.
 */
function keySignedBundle(envelope, publicKeyHint) {
    return {
        mediaType: SIGSTORE_BUNDLE_V03_MEDIA_TYPE,
        verificationMaterial: { publicKey: { hint: publicKeyHint } },
        dsseEnvelope: {
            payload: envelope.payload,
            payloadType: envelope.payloadType,
            // proto3 JSON leaves out the empty keyid.
            signatures: envelope.signatures.map((s) => (s.keyid ? { sig: s.sig, keyid: s.keyid } : { sig: s.sig })),
        },
    };
}
/**
 * Whether a referrers answer is the API's (an OCI index): registries without the API answer
 * 404 (distribution 2.8: "404 page not found"), 400, 405 or 406, or some other body.
 */
function parseReferrersIndex(contentType, bytes) {
    if ((contentType ?? '').split(';')[0].trim() !== OCI_INDEX_MEDIA_TYPE)
        return undefined;
    try {
        const parsed = JSON.parse(bytes.toString('utf8'));
        if (parsed.manifests !== undefined && parsed.manifests !== null && !Array.isArray(parsed.manifests))
            return undefined;
        return { manifests: (parsed.manifests ?? []) };
    }
    catch {
        return undefined;
    }
}
/**
 * The referrers tag schema (OCI distribution spec 1.1, for registries without the API): an
 * OCI index under the tag `sha256-<hex>` listing the referrers of that digest. cosign v3's
 * default `attest` writes it on such registries, and `verify-attestation` then reads only the
 * bundles it lists, so once it exists the gate's attestations must be listed there too.
 */
function referrersTag(subjectDigest) {
    return subjectDigest.replace(':', '-');
}
/** An existing referrers tag index, or undefined when `bytes` is no OCI index. */
function parseReferrersTagIndex(bytes) {
    if (!bytes)
        return undefined;
    try {
        const raw = JSON.parse(bytes.toString('utf8'));
        if (raw.mediaType !== OCI_INDEX_MEDIA_TYPE || !Array.isArray(raw.manifests))
            return undefined;
        return { manifests: raw.manifests, raw };
    }
    catch {
        return undefined;
    }
}
/** The index with `added` appended (what was listed stays, in order; nothing twice). */
function withReferrers(index, added) {
    const listed = new Set(index.manifests.map((d) => d.digest));
    const descriptors = added
        .filter((r) => !listed.has(r.digest))
        .map((r) => ({ mediaType: r.mediaType, digest: r.digest, size: r.bytes.length, artifactType: r.artifactType, annotations: r.annotations }));
    const bytes = Buffer.from(JSON.stringify({ ...index.raw, manifests: [...index.manifests, ...descriptors] }));
    return { bytes, digest: (0,_cosign_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256Digest */ .sI)(bytes) };
}


/***/ })

};
