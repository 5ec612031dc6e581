export const id = 45;
export const ids = [45];
export const modules = {

/***/ 56327:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FK: () => (/* binding */ isInside),
/* harmony export */   Jp: () => (/* binding */ writeFlags),
/* harmony export */   aM: () => (/* binding */ readContainedFile),
/* harmony export */   d6: () => (/* binding */ areaOf),
/* harmony export */   eQ: () => (/* binding */ escapeError),
/* harmony export */   mP: () => (/* binding */ containedWritePath)
/* harmony export */ });
/* unused harmony export resolveContained */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var _domain_gate_error_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(31049);




/** Largest file the gate reads from the workspace (a baseline report can be large; anything beyond is not a report). */
const MAX_READ_BYTES = 256 * 1024 * 1024;
async function areaOf(directory, name) {
    return { real: await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(directory)), name };
}
function isInside(area, real, allowRoot = false) {
    const relative = node_path__WEBPACK_IMPORTED_MODULE_2__.relative(area.real, real);
    if (relative === '')
        return allowRoot;
    return relative !== '..' && !relative.startsWith(`..${node_path__WEBPACK_IMPORTED_MODULE_2__.sep}`) && !node_path__WEBPACK_IMPORTED_MODULE_2__.isAbsolute(relative);
}
function escapeError(input, given, where) {
    return new _domain_gate_error_js__WEBPACK_IMPORTED_MODULE_3__/* .GateError */ .ue('input-error', `input '${input}': ${given} resolves outside ${where} (symbolic links followed); the gate reads and writes nothing outside ${where}`, { remedy: `Make ${given} a regular file (or directory) inside ${where}, or point ${input} at one.` });
}
function notAFile(input, given) {
    return new _domain_gate_error_js__WEBPACK_IMPORTED_MODULE_3__/* .GateError */ .ue('input-error', `input '${input}': ${given} is not a regular file`, {
        remedy: `Point ${input} at a regular file.`,
    });
}
function readFailure(input, given, error) {
    const code = error.code;
    return new _domain_gate_error_js__WEBPACK_IMPORTED_MODULE_3__/* .GateError */ .ue('input-error', `input '${input}': cannot read ${given}${code ? ` (${code})` : ''}`, {
        remedy: `Check the path in ${input} and that the job can read it.`,
        cause: error,
    });
}
/** The path the descriptor really refers to, when the platform can say (Linux: /proc/self/fd). */
async function openedPath(handle) {
    try {
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readlink)(`/proc/self/fd/${handle.fd}`);
    }
    catch {
        return undefined;
    }
}
function sameFile(a, b) {
    return a.dev === b.dev && a.ino === b.ino;
}
/**
 * Resolves `given` (relative to `base`) and refuses it unless it lies inside one of `areas`.
 * undefined when nothing exists at the path. A dangling link is refused too: where it
 * points is not the gate's to say.
 */
async function resolveContained(input, given, base, areas) {
    const absolute = node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(base, given);
    let real;
    try {
        real = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(absolute);
    }
    catch (error) {
        if (error.code !== 'ENOENT')
            throw readFailure(input, given, error);
        const link = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(absolute).catch(() => undefined);
        if (link?.isSymbolicLink())
            throw escapeError(input, given, areas.map((a) => a.name).join(' or '));
        return undefined;
    }
    if (!areas.some((area) => isInside(area, real)))
        throw escapeError(input, given, areas.map((a) => a.name).join(' or '));
    return real;
}
/**
 * Reads a file that must resolve inside `area`: the bytes, read once through a descriptor
 * whose identity was checked; undefined when the file does not exist.
 */
async function readContainedFile(input, given, base, area) {
    const real = await resolveContained(input, given, base, [area]);
    if (real === undefined)
        return undefined;
    let handle;
    try {
        // O_NONBLOCK: a FIFO planted at the path must not hang the run (it is refused below).
        handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(real, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK);
    }
    catch (error) {
        const code = error.code;
        // ELOOP: the last component became a link after realpath looked.
        if (code === 'ELOOP')
            throw escapeError(input, given, area.name);
        if (code === 'ENOENT')
            return undefined;
        throw readFailure(input, given, error);
    }
    try {
        const opened = await handle.stat();
        const through = await openedPath(handle);
        const inside = through !== undefined ? isInside(area, through) : sameFile(opened, await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(real));
        if (!inside)
            throw escapeError(input, given, area.name);
        if (!opened.isFile())
            throw notAFile(input, given);
        if (opened.size > MAX_READ_BYTES) {
            throw new _domain_gate_error_js__WEBPACK_IMPORTED_MODULE_3__/* .GateError */ .ue('input-error', `input '${input}': ${given} is larger than ${MAX_READ_BYTES / 1024 / 1024} MiB`, {
                remedy: `Point ${input} at the file it is meant to name.`,
            });
        }
        return await handle.readFile();
    }
    catch (error) {
        if (error instanceof _domain_gate_error_js__WEBPACK_IMPORTED_MODULE_3__/* .GateError */ .ue)
            throw error;
        throw readFailure(input, given, error);
    }
    finally {
        await handle.close();
    }
}
/**
 * Where the gate may write a file named by an input: its directory is created and must resolve
 * inside one of `areas`, and the file itself must not be a link. The returned path is the
 * resolved one; open it with O_NOFOLLOW (`writeFlags`) so a link planted after this check is
 * refused rather than followed.
 */
async function containedWritePath(input, given, base, areas) {
    const absolute = node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(base, given);
    const where = areas.map((a) => a.name).join(' or ');
    // Refuse before creating anything: an existing ancestor that leads outside is a link.
    let ancestor = node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(absolute);
    for (;;) {
        const real = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(ancestor).catch(() => undefined);
        if (real !== undefined) {
            if (!areas.some((area) => isInside(area, real, true)))
                throw escapeError(input, given, where);
            break;
        }
        const parent = node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(ancestor);
        if (parent === ancestor)
            break;
        ancestor = parent;
    }
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(absolute), { recursive: true });
    const directory = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(absolute));
    if (!areas.some((area) => isInside(area, directory, true)))
        throw escapeError(input, given, where);
    const target = node_path__WEBPACK_IMPORTED_MODULE_2__.join(directory, node_path__WEBPACK_IMPORTED_MODULE_2__.basename(absolute));
    const existing = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(target).catch(() => undefined);
    if (existing?.isSymbolicLink())
        throw escapeError(input, given, where);
    if (existing !== undefined && !existing.isFile())
        throw notAFile(input, given);
    return target;
}
/** Open flags for writing a path from containedWritePath: never through a link. */
function writeFlags(append) {
    return node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW | (append ? node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_APPEND : node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_TRUNC);
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


/***/ }),

/***/ 77045:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createLivePorts: () => (/* binding */ createLivePorts)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./build/adapters/actions/workflow-log.js
var workflow_log = __webpack_require__(42347);
// EXTERNAL MODULE: ./build/adapters/files/contained-file.js
var contained_file = __webpack_require__(56327);
// EXTERNAL MODULE: ./build/domain/gate-error.js
var gate_error = __webpack_require__(31049);
;// CONCATENATED MODULE: ./build/adapters/files/input-files.js




/** Reads a checked file once and copies its bytes into the run's directory: nothing opens the original again. */
async function stageCopy(input, given, paths, workspace, index = 0) {
    const bytes = await (0,contained_file/* readContainedFile */.aM)(input, given, paths.workspace, workspace);
    if (bytes === undefined)
        return undefined;
    const directory = external_node_path_.join(paths.stagingDir, `${input}-${index}`);
    await (0,promises_.mkdir)(directory, { recursive: true });
    // The name is kept: Trivy and the feeds tell formats apart by extension (.yaml, .gz).
    const copy = external_node_path_.join(directory, external_node_path_.basename(given));
    await (0,promises_.writeFile)(copy, bytes);
    return copy;
}
async function checkInputFiles(paths) {
    const workspace = await (0,contained_file/* areaOf */.d6)(paths.workspace, 'the workspace');
    const context = paths.contextDir === undefined ? undefined : await contextArea(paths.contextDir, paths.workspace, workspace);
    if (context !== undefined && paths.contextDir !== undefined) {
        const dockerfile = await (0,contained_file/* readContainedFile */.aM)('dockerfile', paths.dockerfile, paths.contextDir, context);
        if (dockerfile === undefined) {
            throw new gate_error/* GateError */.ue('input-error', `input 'dockerfile': ${paths.dockerfile} does not exist in the build context`, {
                remedy: 'for example: dockerfile: Dockerfile (a path relative to the context)',
            });
        }
        await (0,contained_file/* readContainedFile */.aM)('context', '.dockerignore', paths.contextDir, context);
    }
    await (0,contained_file/* readContainedFile */.aM)('policy-file', paths.policyFile, paths.workspace, workspace);
    if (paths.baselineFile !== undefined)
        await (0,contained_file/* readContainedFile */.aM)('baseline', paths.baselineFile, paths.workspace, workspace);
    let ignoreFile;
    if (paths.ignoreFile !== undefined) {
        const bytes = await (0,contained_file/* readContainedFile */.aM)('ignore-file', paths.ignoreFile, paths.workspace, workspace);
        if (bytes !== undefined) {
            const directory = external_node_path_.join(paths.stagingDir, 'ignore-file');
            await (0,promises_.mkdir)(directory, { recursive: true });
            // The name is kept: Trivy tells a YAML ignore file from a plain one by its extension.
            ignoreFile = external_node_path_.join(directory, external_node_path_.basename(paths.ignoreFile));
            await (0,promises_.writeFile)(ignoreFile, bytes);
        }
    }
    await (0,promises_.mkdir)(paths.runnerTemp, { recursive: true });
    const written = [workspace, await (0,contained_file/* areaOf */.d6)(paths.runnerTemp, 'RUNNER_TEMP')];
    await (0,contained_file/* containedWritePath */.mP)('sarif-file', paths.sarifFile, paths.workspace, written);
    if (paths.auditLog !== undefined)
        await (0,contained_file/* containedWritePath */.mP)('audit-log', paths.auditLog, paths.workspace, written);
    const kevFile = paths.kevFile === undefined ? undefined : await stageCopy('kev-file', paths.kevFile, paths, workspace);
    const epssFile = paths.epssFile === undefined ? undefined : await stageCopy('epss-file', paths.epssFile, paths, workspace);
    const vexFiles = [];
    for (const [index, given] of (paths.vexFiles ?? []).entries()) {
        const copy = await stageCopy('vex', given, paths, workspace, index);
        // A missing VEX file is Trivy's to report, as before: pass the name on unchanged.
        vexFiles.push(copy ?? external_node_path_.resolve(paths.workspace, given));
    }
    return { ignoreFile, kevFile, epssFile, vexFiles };
}
/** The context must resolve inside the workspace; undefined when it does not exist (the build reports that). */
async function contextArea(contextDir, base, workspace) {
    let context;
    try {
        context = await (0,contained_file/* areaOf */.d6)(contextDir, 'the build context');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
    const given = external_node_path_.relative(base, contextDir) || '.';
    if (!(0,contained_file/* isInside */.FK)(workspace, context.real, true))
        throw (0,contained_file/* escapeError */.eQ)('context', given, workspace.name);
    return context;
}

;// CONCATENATED MODULE: ./build/adapters/cache/actions-cache-service.js
/**
 * @actions/cache, loaded only where the cache service can answer: it is the largest module the
 * action loads (it carries the Azure storage SDK), and runners without the service (act, GHES
 * without it, self-hosted runners) would load it on every run only to be told it is unavailable.
 * The module decides availability from ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL; with neither
 * set it can only say no, so it is not loaded to say so.
 */
const unavailable = {
    isFeatureAvailable: () => false,
    restoreCache: () => Promise.resolve(undefined),
    saveCache: () => Promise.reject(new Error('no cache service on this runner')),
};
let service;
function actionsCacheService() {
    if (!process.env.ACTIONS_CACHE_URL && !process.env.ACTIONS_RESULTS_URL)
        return Promise.resolve(unavailable);
    return (service ??= __webpack_require__.e(/* import() */ 691).then(__webpack_require__.bind(__webpack_require__, 61691)));
}
/** `given` (tests stand in for the service), else actionsCacheService(), resolved once on first use. */
function lazyCacheService(given) {
    let resolved = given;
    return async () => (resolved ??= await actionsCacheService());
}

;// CONCATENATED MODULE: ./build/adapters/cache/db-cache.js


/**
 * One entry per runner OS and day: the DB is rebuilt every few hours upstream, so a
 * day-old entry is still a good start (Trivy refreshes it when its NextUpdate has passed)
 * and yesterday's entry is the fallback through the prefix restore key.
 */
function dbCacheKeys(os, now) {
    const day = now.toISOString().slice(0, 10);
    const prefix = `trivy-db-${os}-`;
    return { primary: `${prefix}${day}`, restore: [prefix] };
}
/** Only the vulnerability DB: the scan cache (fanal/) holds per-image data not worth keeping. */
function dbCachePaths(cacheDir) {
    return [(0,external_node_path_.join)(cacheDir, 'db')];
}
function createActionsDbCache(options) {
    const cacheService = lazyCacheService(options.service);
    const os = options.os ?? process.platform;
    const now = options.now ?? (() => new Date());
    const { log } = options;
    let keys;
    let exactHit = false;
    function available(service, action) {
        if (service.isFeatureAvailable())
            return true;
        // act, GHES without the cache service, or a local run: continue without it.
        (log.notice ?? log.info)(`Trivy DB cache: no cache service on this runner (act, GHES without cache); ${action}`);
        return false;
    }
    return {
        async restore(cacheDir) {
            const service = await cacheService();
            keys = dbCacheKeys(os, now());
            if (!available(service, 'the DB will be downloaded'))
                return false;
            try {
                const matched = await service.restoreCache(dbCachePaths(cacheDir), keys.primary, keys.restore);
                if (matched === undefined) {
                    log.info(`Trivy DB cache: no entry for ${keys.primary}`);
                    return false;
                }
                exactHit = matched === keys.primary;
                log.info(`Trivy DB cache: restored ${matched}`);
                return true;
            }
            catch (error) {
                log.warning(`Trivy DB cache: restore failed, the DB will be downloaded: ${describe(error)}`);
                return false;
            }
        },
        async save(cacheDir) {
            const service = await cacheService();
            const key = (keys ?? dbCacheKeys(os, now())).primary;
            if (exactHit) {
                log.info(`Trivy DB cache: ${key} is already saved`);
                return;
            }
            if (!available(service, 'the DB is not saved'))
                return;
            try {
                const id = await service.saveCache(dbCachePaths(cacheDir), key);
                if (id !== -1)
                    log.info(`Trivy DB cache: saved ${key}`);
            }
            catch (error) {
                // Another job of the same day may have saved it first; the DB is there either way.
                log.warning(`Trivy DB cache: save failed: ${describe(error)}`);
            }
        },
    };
}
/** For runs that must not touch the cache service (air-gapped DB, trivy-server, tests). */
function createNoDbCache() {
    return {
        restore: () => Promise.resolve(false),
        save: () => Promise.resolve(),
    };
}
function describe(error) {
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: ./build/adapters/cache/layer-cache.js



/** Where Trivy's fs cache backend keeps its bolt DB (pkg/cache: scanCacheDirName). */
function layerCachePaths(cacheDir) {
    return [(0,external_node_path_.join)(cacheDir, 'fanal')];
}
/** Above this the cache is dropped and rebuilt rather than restored and saved again and again. */
const LAYER_CACHE_MAX_BYTES = 1024 * 1024 * 1024;
/**
 * Entries are immutable, so every saving run writes its own key; the prefix restores the
 * newest one. The Trivy version and the scanner set are in the prefix: another Trivy or
 * another set of analysers never reads these entries (Trivy's own keys would also differ).
 */
function layerCacheKeys(options) {
    const scanners = [...new Set(options.scanners)].sort().join('+');
    const prefix = `trivy-layers-${options.os}-${options.trivyVersion}-${scanners}-`;
    return { primary: `${prefix}${options.runId}`, restore: [prefix] };
}
/**
 * Trivy rewrites bolt's meta and freelist pages on every open, so the bytes always change;
 * the file only grows when entries are added (new layers). A small entry that fits in free
 * pages is not saved: the next run analyses that one layer again, which is the safe side.
 */
async function cacheSize(cacheDir) {
    return (0,promises_.stat)((0,external_node_path_.join)(cacheDir, 'fanal', 'fanal.db')).then((s) => s.size, () => 0);
}
function createActionsLayerCache(options) {
    const cacheService = lazyCacheService(options.service);
    const keys = layerCacheKeys({ os: options.os ?? process.platform, trivyVersion: options.trivyVersion, scanners: options.scanners, runId: options.runId });
    const { log } = options;
    let restoredSize = 0;
    let saved = false;
    return {
        async restore(cacheDir) {
            const service = await cacheService();
            if (!service.isFeatureAvailable()) {
                log.info(`Trivy layer cache: no cache service on this runner; using ${layerCachePaths(cacheDir)[0]} as it is`);
            }
            else {
                try {
                    const matched = await service.restoreCache(layerCachePaths(cacheDir), keys.primary, keys.restore);
                    log.info(matched === undefined ? `Trivy layer cache: no entry for ${keys.restore[0]}*; every layer is analysed` : `Trivy layer cache: restored ${matched}`);
                }
                catch (error) {
                    log.warning(`Trivy layer cache: restore failed, every layer is analysed: ${layer_cache_describe(error)}`);
                }
            }
            const size = await cacheSize(cacheDir);
            if (size > LAYER_CACHE_MAX_BYTES) {
                log.info(`Trivy layer cache: ${Math.round(size / 2 ** 20)} MiB is over the limit; starting afresh`);
                await (0,promises_.rm)(layerCachePaths(cacheDir)[0], { recursive: true, force: true });
            }
            restoredSize = await cacheSize(cacheDir);
        },
        async save(cacheDir) {
            const service = await cacheService();
            if (saved)
                return;
            saved = true;
            if (!options.writes.allowed) {
                log.info(`Trivy layer cache: not saved (${options.writes.why})`);
                return;
            }
            if (!service.isFeatureAvailable())
                return;
            if ((await cacheSize(cacheDir)) <= restoredSize) {
                log.info('Trivy layer cache: nothing new to save');
                return;
            }
            try {
                const id = await service.saveCache(layerCachePaths(cacheDir), keys.primary);
                if (id !== -1)
                    log.info(`Trivy layer cache: saved ${keys.primary}`);
            }
            catch (error) {
                log.warning(`Trivy layer cache: save failed: ${layer_cache_describe(error)}`);
            }
        },
    };
}
/** Self-hosted runners and tests: the directory simply persists (or not) on its own. */
function createLocalLayerCache() {
    return { restore: () => Promise.resolve(), save: () => Promise.resolve() };
}
function layer_cache_describe(error) {
    return error instanceof Error ? error.message : String(error);
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(46193);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
// EXTERNAL MODULE: ./build/domain/exploits/exploit-data.js
var exploit_data = __webpack_require__(90510);
;// CONCATENATED MODULE: ./build/domain/exploits/epss.js

/*
 * FIRST's daily EPSS file (epss_scores-YYYY-MM-DD.csv.gz, gunzipped by the caller):
 *
 *   #model_version:v2025.03.14,score_date:2025-03-14T12:55:00Z
 *   cve,epss,percentile
 *   CVE-1999-0001,0.0119,0.78
 *   …                                      (~300,000 rows)
 *
 * The file is fed in chunks as it streams and only the rows about the CVEs this run found are
 * kept, so the feed is never held in memory, not even once. Rows we skip are still checked
 * enough (a CVE ID, then a comma) that a file of something else is not taken for EPSS.
 */
const HEADER = 'cve,epss,percentile';
const CODE_C = 'C'.charCodeAt(0);
const CODE_V = 'V'.charCodeAt(0);
const CODE_E = 'E'.charCodeAt(0);
const CODE_DASH = '-'.charCodeAt(0);
const CODE_0 = '0'.charCodeAt(0);
const CODE_9 = '9'.charCodeAt(0);
const CODE_COMMA = ','.charCodeAt(0);
const CODE_DOT = '.'.charCodeAt(0);
const CODE_NEWLINE = 10;
const CODE_RETURN = 13;
/** The first comma in bytes[from, end), or -1. */
function commaBefore(bytes, from, end) {
    for (let i = from; i < end; i++)
        if (bytes[i] === CODE_COMMA)
            return i;
    return -1;
}
/** A short ASCII excerpt of a line, for numbers and messages (never a whole chunk). */
function ascii(bytes, from, to) {
    return String.fromCharCode(...bytes.subarray(from, to));
}
/**
 * A plain decimal (`0.00421`, `1`, `1.0`) read straight from the bytes, as `Number()` would read
 * its text: with at most 15 digits the value is one integer divided by a power of ten, both
 * exact in a double, so the single rounding of that division is exactly Number's. Anything
 * else (an exponent, a sign, more digits) goes through `Number()` itself.
 */
function decimal(bytes, from, to) {
    let whole = 0;
    let scale = 1;
    let digits = 0;
    let dot = false;
    for (let i = from; i < to; i++) {
        const c = bytes[i];
        if (c >= CODE_0 && c <= CODE_9) {
            whole = whole * 10 + (c - CODE_0);
            if (dot)
                scale *= 10;
            digits += 1;
        }
        else if (c === CODE_DOT && !dot) {
            dot = true;
        }
        else {
            return Number(ascii(bytes, from, to));
        }
    }
    if (digits === 0 || digits > 15)
        return Number(ascii(bytes, from, to));
    return whole / scale;
}
const decoder = new TextDecoder();
const encoder = new TextEncoder();
/**
 * Works on the bytes as they come out of gunzip: the ~300,000 rows are never decoded into
 * strings (a megabyte-sized string per chunk lands in the old generation and brings on full
 * garbage collections while a large report is held).
 */
class EpssParser {
    /**
     * The wanted CVEs by sequence number alone (up to 9 digits: a small integer, which V8 hashes and
     * compares without allocating; the whole year·sequence·digits number is not one, and that
     * lookup was most of the parse). Year and digit count are checked on a hit, along the chain.
     */
    wantedBySequence = new Map();
    /** Wanted CVEs whose row was read, in file order; each holds its score until `finish`. */
    found = [];
    source;
    carry;
    headerSeen = false;
    lineNumber = 0;
    date;
    modelVersion;
    rows = 0;
    constructor(source, wanted) {
        this.source = source;
        // Canonical IDs only (CVE-YYYY-NNNN…), read without a regex: there can be tens of thousands.
        for (const cve of wanted) {
            const digits = cve.length - 9;
            if (digits < 4 || digits > 9 || !cve.startsWith('CVE-') || cve.charCodeAt(8) !== CODE_DASH)
                continue;
            const year = digitsValue(cve, 4, 8);
            const number = digitsValue(cve, 9, cve.length);
            if (year < 0 || number < 0)
                continue;
            if (this.wantedAt(year, number, digits) === undefined) {
                this.wantedBySequence.set(number, { year, digits, cve, score: 0, percentile: 0, seen: false, next: this.wantedBySequence.get(number) });
            }
        }
    }
    /** Text (tests, small files): the same parser on its UTF-8 bytes. */
    push(chunk) {
        this.pushBytes(encoder.encode(chunk));
    }
    /** The next piece of the file, split anywhere (lines may straddle chunks). The chunk may be reused afterwards. */
    pushBytes(chunk) {
        let start = 0;
        let end = chunk.indexOf(CODE_NEWLINE);
        if (this.carry !== undefined) {
            // Only the short straddling line is joined.
            if (end === -1) {
                this.carry = join(this.carry, chunk);
                return;
            }
            const line = join(this.carry, chunk.subarray(0, end));
            this.carry = undefined;
            this.line(line, 0, line.length);
            start = end + 1;
            end = chunk.indexOf(CODE_NEWLINE, start);
        }
        while (end !== -1) {
            this.line(chunk, start, end);
            start = end + 1;
            end = chunk.indexOf(CODE_NEWLINE, start);
        }
        if (start < chunk.length)
            this.carry = chunk.slice(start);
    }
    /** The end of the file: the last line, then the checks that need the whole file. */
    finish() {
        if (this.carry !== undefined)
            this.line(this.carry, 0, this.carry.length);
        this.carry = undefined;
        if (!this.headerSeen)
            throw this.malformed(`no \`${HEADER}\` header line: is this the EPSS CSV?`);
        if (this.rows === 0)
            throw this.malformed('no score rows (truncated?)');
        // The map is made once, at the end: set during the parse, its growth and one new score
        // object per row were most of the time spent on the rows that were kept.
        const entries = new Map();
        for (const w of this.found)
            entries.set(w.cve, { score: w.score, percentile: w.percentile });
        return { date: this.date, modelVersion: this.modelVersion, rows: this.rows, entries };
    }
    /** The wanted CVE of that year, sequence number and digit count, along its sequence number's chain. */
    wantedAt(year, number, digits) {
        let wanted = this.wantedBySequence.get(number);
        while (wanted !== undefined && (wanted.year !== year || wanted.digits !== digits))
            wanted = wanted.next;
        return wanted;
    }
    malformed(problem) {
        return new exploit_data/* ExploitDataError */.U8('malformed', `EPSS file ${this.source} line ${this.lineNumber}: ${problem}`);
    }
    line(bytes, start, endExclusive) {
        this.lineNumber += 1;
        let end = endExclusive;
        if (end > start && bytes[end - 1] === CODE_RETURN)
            end -= 1; // \r\n
        if (end === start)
            return;
        if (this.headerSeen) {
            this.row(bytes, start, end);
            return;
        }
        // The comment and header lines are the only ones decoded.
        const line = decoder.decode(bytes.subarray(start, Math.min(end, start + 400)));
        if (line.startsWith('#')) {
            this.modelVersion = /model_version:([^,\s]+)/.exec(line)?.[1];
            this.date = /score_date:(\d{4}-\d{2}-\d{2})/.exec(line)?.[1];
            return;
        }
        if (line.trim().toLowerCase() !== HEADER)
            throw this.malformed(`expected the columns \`${HEADER}\`, found \`${line.slice(0, 80)}\``);
        this.headerSeen = true;
    }
    row(bytes, start, end) {
        if (bytes[start] !== CODE_C || bytes[start + 1] !== CODE_V || bytes[start + 2] !== CODE_E || bytes[start + 3] !== CODE_DASH) {
            throw this.malformed(`expected a CVE ID, found \`${decoder.decode(bytes.subarray(start, Math.min(end, start + 40)))}\``);
        }
        // The ID is read as a number straight from the bytes: nothing is made for the rows
        // nobody asked about (measured: the lookup was most of the parse).
        let i = start + 4;
        let year = 0;
        for (let c = bytes[i]; c >= CODE_0 && c <= CODE_9 && i < end; c = bytes[++i])
            year = year * 10 + (c - CODE_0);
        if (i !== start + 8 || bytes[i] !== CODE_DASH)
            throw this.malformed(`expected a CVE ID, found \`${decoder.decode(bytes.subarray(start, Math.min(end, start + 40)))}\``);
        const digitsFrom = ++i;
        let number = 0;
        for (let c = bytes[i]; c >= CODE_0 && c <= CODE_9 && i < end; c = bytes[++i])
            number = number * 10 + (c - CODE_0);
        const digits = i - digitsFrom;
        if (digits < 4 || i >= end || bytes[i] !== CODE_COMMA)
            throw this.malformed('expected three columns cve,epss,percentile');
        const comma = i;
        this.rows += 1;
        const wanted = digits > 9 ? undefined : this.wantedAt(year, number, digits);
        if (wanted === undefined)
            return;
        const second = commaBefore(bytes, comma + 1, end);
        if (second === -1 || commaBefore(bytes, second + 1, end) !== -1)
            throw this.malformed('expected three columns cve,epss,percentile');
        const score = decimal(bytes, comma + 1, second);
        const percentile = decimal(bytes, second + 1, end);
        if (!(score >= 0 && score <= 1) || !(percentile >= 0 && percentile <= 1) || second === comma + 1 || second + 1 === end) {
            throw this.malformed(`epss and percentile must be numbers from 0 to 1, found \`${decoder.decode(bytes.subarray(start, Math.min(end, start + 80)))}\``);
        }
        // A CVE listed twice keeps its last row, as a map set per row would.
        wanted.score = score;
        wanted.percentile = percentile;
        if (!wanted.seen) {
            wanted.seen = true;
            this.found.push(wanted);
        }
    }
}
function join(a, b) {
    const out = new Uint8Array(a.length + b.length);
    out.set(a, 0);
    out.set(b, a.length);
    return out;
}
/** The decimal value of text[from, to) when it is all ASCII digits, else -1. */
function digitsValue(text, from, to) {
    let value = 0;
    for (let i = from; i < to; i++) {
        const c = text.charCodeAt(i);
        if (c < CODE_0 || c > CODE_9)
            return -1;
        value = value * 10 + (c - CODE_0);
    }
    return value;
}
/** The whole file at once (tests, small files). */
function parseEpssCsv(text, source, wanted) {
    const parser = new EpssParser(source, wanted);
    parser.push(text);
    return parser.finish();
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 15 modules
var schemas = __webpack_require__(9691);
;// CONCATENATED MODULE: ./build/domain/exploits/kev.js


/*
 * CISA's KEV catalog JSON (known_exploited_vulnerabilities.json): `catalogVersion`,
 * `dateReleased`, `count` and `vulnerabilities[]` with `cveID`, `dateAdded`, `dueDate`,
 * `knownRansomwareCampaignUse` ("Known" / "Unknown") and descriptive fields we do not need.
 * Loose objects: fields CISA adds later still parse; the ones we use are checked.
 */
const DAY = schemas/* string */.YjP().regex(/^\d{4}-\d{2}-\d{2}/);
const entrySchema = schemas/* looseObject */._H3({
    cveID: schemas/* string */.YjP(),
    dateAdded: DAY,
    dueDate: DAY.optional(),
    knownRansomwareCampaignUse: schemas/* string */.YjP().optional(),
});
const catalogSchema = schemas/* looseObject */._H3({
    catalogVersion: schemas/* string */.YjP().optional(),
    dateReleased: schemas/* string */.YjP().optional(),
    vulnerabilities: schemas/* array */.YOg(schemas/* unknown */.L5J()).min(1),
});
/**
 * Parses the catalog and keeps the entries about `wanted` CVEs (canonical spelling). A catalog
 * that is not JSON, lacks `vulnerabilities`, or has an entry without a CVE ID or date is
 * `malformed`: a half-read catalog would make a known-exploited CVE look unlisted.
 */
function parseKevCatalog(text, source, wanted) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (error) {
        throw new exploit_data/* ExploitDataError */.U8('malformed', `KEV catalog ${source} is not JSON (truncated?): ${error.message}`, { cause: error });
    }
    const catalog = catalogSchema.safeParse(json);
    if (!catalog.success) {
        throw new exploit_data/* ExploitDataError */.U8('malformed', `KEV catalog ${source} has no \`vulnerabilities\` list: is this the KEV JSON feed?`);
    }
    const entries = new Map();
    catalog.data.vulnerabilities.forEach((raw, index) => {
        const parsed = entrySchema.safeParse(raw);
        const cve = parsed.success ? (0,exploit_data/* canonicalCve */.Nh)(parsed.data.cveID) : undefined;
        if (!parsed.success || cve === undefined) {
            throw new exploit_data/* ExploitDataError */.U8('malformed', `KEV catalog ${source}: vulnerabilities[${index}] has no valid cveID and dateAdded`);
        }
        if (!wanted.has(cve))
            return;
        entries.set(cve, {
            dateAdded: parsed.data.dateAdded.slice(0, 10),
            dueDate: parsed.data.dueDate?.slice(0, 10),
            ransomware: parsed.data.knownRansomwareCampaignUse?.trim().toLowerCase() === 'known',
        });
    });
    const released = catalog.data.dateReleased;
    return { date: released && /^\d{4}-\d{2}-\d{2}/.test(released) ? released.slice(0, 10) : undefined, rows: catalog.data.vulnerabilities.length, entries };
}

;// CONCATENATED MODULE: ./build/adapters/exploit-data/feed-cache.js

function feedCacheKey(feed, os, now) {
    return `exploit-data-${feed}-${os}-${now.toISOString().slice(0, 10)}`;
}
function createActionsFeedCache(options) {
    const cacheService = lazyCacheService(options.service);
    const { log } = options;
    const available = (service) => {
        try {
            return service.isFeatureAvailable();
        }
        catch {
            return false;
        }
    };
    return {
        async restore(path, key) {
            const service = await cacheService();
            if (!available(service))
                return false;
            try {
                const hit = await service.restoreCache([path], key);
                if (hit !== undefined)
                    log.info(`exploit data cache: restored ${hit}`);
                return hit !== undefined;
            }
            catch (error) {
                log.warning(`exploit data cache: restore of ${key} failed, downloading instead: ${error.message}`);
                return false;
            }
        },
        async save(path, key) {
            const service = await cacheService();
            if (!available(service))
                return;
            try {
                const id = await service.saveCache([path], key);
                if (id !== -1)
                    log.info(`exploit data cache: saved ${key}`);
            }
            catch (error) {
                // Another job of the same day may have saved it first.
                log.warning(`exploit data cache: save of ${key} failed: ${error.message}`);
            }
        },
    };
}
function createNoFeedCache() {
    return { restore: () => Promise.resolve(false), save: () => Promise.resolve() };
}

;// CONCATENATED MODULE: ./build/adapters/exploit-data/exploit-feeds.js












/** A URL for the log without the user:password a mirror URL may carry. */
function redactUrl(url) {
    return url.replace(/\/\/[^/@\s]+@/g, '//***@');
}
/** A mirror URL's user:password becomes a Basic authorization header (fetch refuses them in URLs). */
function splitCredentials(url) {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '')
        return { href: url, authorization: undefined };
    const user = decodeURIComponent(parsed.username);
    const password = decodeURIComponent(parsed.password);
    parsed.username = '';
    parsed.password = '';
    return { href: parsed.href, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}
async function isGzip(path) {
    const handle = await (0,promises_.open)(path, 'r');
    try {
        const magic = Buffer.alloc(2);
        const { bytesRead } = await handle.read(magic, 0, 2, 0);
        return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
    }
    finally {
        await handle.close();
    }
}
/** zlib's errors: an early end is a truncated download; anything else is not gzip data. */
function gzipError(error, source) {
    const e = error;
    if (e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message)) {
        return new exploit_data/* ExploitDataError */.U8('truncated', `${source} ends before its gzip stream does (truncated download?)`, { cause: error });
    }
    return new exploit_data/* ExploitDataError */.U8('malformed', `${source} is not valid gzip data: ${e.message}`, { cause: error });
}
/** Streams a (possibly gzipped) file through `onBytes`, chunk by chunk: never held whole. */
async function streamBytes(path, source, onBytes) {
    const gz = await isGzip(path);
    // The parser's own error, kept: pipeline reports an aborted stream instead of it.
    let parseError;
    const consume = async function (chunks) {
        for await (const chunk of chunks) {
            try {
                onBytes(chunk);
            }
            catch (error) {
                parseError = error;
                throw error;
            }
        }
    };
    const input = (0,external_node_fs_.createReadStream)(path, { highWaterMark: 1 << 20 });
    try {
        if (gz)
            await (0,external_node_stream_promises_.pipeline)(input, (0,external_node_zlib_.createGunzip)({ chunkSize: 1 << 20 }), consume);
        else
            await (0,external_node_stream_promises_.pipeline)(input, consume);
    }
    catch (error) {
        if (parseError !== undefined)
            throw parseError;
        if (error instanceof exploit_data/* ExploitDataError */.U8)
            throw error;
        const code = error.code ?? '';
        if (gz && (code.startsWith('Z_') || /unexpected end|incorrect header|invalid/i.test(error.message))) {
            throw gzipError(error, source);
        }
        throw error;
    }
}
async function readWholeText(path, source) {
    const decoder = new external_node_string_decoder_.StringDecoder('utf8');
    const parts = [];
    await streamBytes(path, source, (bytes) => parts.push(decoder.write(bytes)));
    parts.push(decoder.end());
    return parts.join('');
}
async function parseFeed(name, path, source, wanted) {
    if (name === 'kev') {
        const catalog = parseKevCatalog(await readWholeText(path, source), source, wanted);
        return { date: catalog.date, rows: catalog.rows, entries: catalog.entries };
    }
    const parser = new EpssParser(source, wanted);
    await streamBytes(path, source, (bytes) => parser.pushBytes(bytes));
    const scores = parser.finish();
    return { date: scores.date, rows: scores.rows, entries: scores.entries };
}
function classifyFetchError(error, url, timeoutMs) {
    if (error instanceof exploit_data/* ExploitDataError */.U8)
        return error;
    const e = error;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
        return new exploit_data/* ExploitDataError */.U8('timeout', `${redactUrl(url)} did not answer within ${Math.round(timeoutMs / 1000)} s`, { cause: error });
    }
    const detail = redactUrl(e.cause?.code ?? e.cause?.message ?? e.message);
    return new exploit_data/* ExploitDataError */.U8('network', `${redactUrl(url)} could not be reached: ${detail}`, { cause: error });
}
const REMEDY = {
    'not-found': 'check kev-url / epss-url (a mirror may not carry the file)',
    'http-error': 'the server failed; re-run later or use a mirror (kev-url / epss-url)',
    timeout: 're-run later, use a closer mirror, or give local copies (kev-file / epss-file)',
    network: 'the runner cannot reach it: use a mirror or local copies (kev-file / epss-file)',
    truncated: 'the download was cut short; re-run the job',
    malformed: 'the file is not in the expected format: check the URL or file points at the right feed',
    'file-error': 'check the kev-file / epss-file path and that the job can read it',
};
/**
 * Today's KEV catalog and EPSS scores: a local file when given, else the Actions cache entry of
 * the day, else a download (validated before it is cached). Loaded once per job; a failing
 * source comes back `missing` with its classified cause, never as an exception.
 */
function createExploitFeeds(config) {
    const cache = config.cache ?? createNoFeedCache();
    const now = config.now ?? (() => new Date());
    const os = config.os ?? process.platform;
    const doFetch = config.fetch ?? fetch;
    const { log } = config;
    // Per feed and per set of CVEs asked for (the pipeline asks once per job).
    const loaded = new Map();
    async function download(url, path) {
        const tmp = `${path}.${process.pid}.part`;
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(path), { recursive: true });
        try {
            const { href, authorization } = splitCredentials(url);
            const response = await doFetch(href, {
                signal: AbortSignal.timeout(config.timeoutMs),
                redirect: 'follow',
                ...(authorization && { headers: { authorization } }),
            });
            if (response.status === 404) {
                await response.body?.cancel();
                throw new exploit_data/* ExploitDataError */.U8('not-found', `${redactUrl(url)} answered 404 Not Found`);
            }
            if (!response.ok || response.body === null) {
                await response.body?.cancel();
                throw new exploit_data/* ExploitDataError */.U8('http-error', `${redactUrl(url)} answered HTTP ${response.status}`);
            }
            await (0,external_node_stream_promises_.pipeline)(external_node_stream_.Readable.fromWeb(response.body), (0,external_node_fs_.createWriteStream)(tmp));
            await (0,promises_.rename)(tmp, path);
        }
        catch (error) {
            await (0,promises_.rm)(tmp, { force: true });
            throw classifyFetchError(error, url, config.timeoutMs);
        }
    }
    async function loadFromNetwork(name, url, wanted) {
        const day = now();
        const key = feedCacheKey(name, os, day);
        const path = (0,external_node_path_.join)(config.workDir, `${key}${name === 'kev' ? '.json' : '.csv.gz'}`);
        const origin = redactUrl(url);
        if (await cache.restore(path, key)) {
            try {
                const parsed = (await parseFeed(name, path, `${exploit_data/* EXPLOIT_SOURCE_LABEL */.pA[name]} (cached ${key})`, wanted));
                return { status: 'loaded', origin, fromCache: true, ...parsed };
            }
            catch (error) {
                log.warning(`${exploit_data/* EXPLOIT_SOURCE_LABEL */.pA[name]}: the cached copy ${key} is unusable (${error.message}); downloading`);
                await (0,promises_.rm)(path, { force: true });
            }
        }
        log.info(`${exploit_data/* EXPLOIT_SOURCE_LABEL */.pA[name]}: downloading ${origin}`);
        const fresh = (0,external_node_path_.join)(config.workDir, `${name}-download${name === 'kev' ? '.json' : '.csv.gz'}`);
        await download(url, fresh);
        // Only data that parsed is cached: a bad download must not be served all day.
        const parsed = (await parseFeed(name, fresh, origin, wanted));
        await (0,promises_.rename)(fresh, path);
        await cache.save(path, key);
        return { status: 'loaded', origin, fromCache: false, ...parsed };
    }
    async function loadSource(name, location, wanted) {
        const origin = location.file !== undefined ? (0,external_node_path_.resolve)(location.file) : redactUrl(location.url);
        try {
            if (location.file !== undefined) {
                const parsed = (await parseFeed(name, (0,external_node_path_.resolve)(location.file), location.file, wanted).catch((error) => {
                    const code = error.code;
                    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
                        throw new exploit_data/* ExploitDataError */.U8('file-error', `cannot read ${location.file}: ${error.message}`, { cause: error });
                    }
                    throw error;
                }));
                return { status: 'loaded', origin, fromCache: false, ...parsed };
            }
            return await loadFromNetwork(name, location.url, wanted);
        }
        catch (error) {
            const problem = error instanceof exploit_data/* ExploitDataError */.U8 ? error.problem : 'file-error';
            const message = error instanceof Error ? error.message : String(error);
            return { status: 'missing', origin, problem, cause: `${problem}: ${message} (${REMEDY[problem]})` };
        }
    }
    return {
        async load(wanted) {
            if (config.mode === 'off')
                return { kev: { status: 'off' }, epss: { status: 'off' } };
            await (0,promises_.mkdir)(config.workDir, { recursive: true });
            // Both feeds at once; each at most once per job (a second call shares the first load).
            const once = (name, location) => {
                let byWanted = loaded.get(name);
                if (byWanted === undefined)
                    loaded.set(name, (byWanted = new WeakMap()));
                let promise = byWanted.get(wanted);
                if (promise === undefined)
                    byWanted.set(wanted, (promise = loadSource(name, location, wanted)));
                return promise;
            };
            const [kev, epss] = await Promise.all([once('kev', config.kev), once('epss', config.epss)]);
            return { kev: kev, epss: epss };
        },
    };
}

// EXTERNAL MODULE: ./node_modules/dockerode/lib/docker.js
var lib_docker = __webpack_require__(39040);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(44708);
;// CONCATENATED MODULE: ./build/adapters/docker/engine-http.js


/**
 * Without DOCKER_HOST (the usual case on GitHub-hosted runners) docker-modem keeps a function
 * that finds the default socket; ask the modem for the resolved path so we dial what it dials.
 */
async function engineEndpoint(docker) {
    const modem = docker.modem;
    if (modem.protocol === 'ssh') {
        throw new Error('DOCKER_HOST over ssh:// is not supported; use a unix socket or tcp:// endpoint');
    }
    const socketPath = typeof modem.socketPath === 'string' ? modem.socketPath : modem.socketPath !== undefined && modem.getSocketPath ? await modem.getSocketPath() : undefined;
    return {
        socketPath: typeof socketPath === 'string' && socketPath !== '' ? socketPath : undefined,
        host: modem.host,
        port: modem.port === undefined ? undefined : Number(modem.port),
        protocol: modem.protocol === 'https' ? 'https' : 'http',
        ca: modem.ca,
        cert: modem.cert,
        key: modem.key,
    };
}
function describeEndpoint(endpoint) {
    if (endpoint.socketPath)
        return `unix://${endpoint.socketPath}`;
    return `${endpoint.protocol === 'https' ? 'tcp+tls' : 'tcp'}://${endpoint.host ?? 'localhost'}:${endpoint.port ?? ''}`;
}
function requestOptions(endpoint, request) {
    const base = {
        method: request.method,
        path: request.path,
        headers: { Host: 'docker', ...request.headers },
        ...(request.signal && { signal: request.signal }),
    };
    if (endpoint.socketPath)
        return { ...base, socketPath: endpoint.socketPath };
    return {
        ...base,
        host: endpoint.host,
        port: endpoint.port,
        ...(endpoint.protocol === 'https' && {
            ca: endpoint.ca,
            cert: endpoint.cert,
            key: endpoint.key,
        }),
    };
}
function transport(endpoint) {
    return endpoint.protocol === 'https' && !endpoint.socketPath ? external_node_https_ : external_node_http_;
}
/** Sends a body-less request and resolves with the response (any status). */
function engineRequest(endpoint, request) {
    return new Promise((resolve, reject) => {
        const req = transport(endpoint).request(requestOptions(endpoint, request));
        req.on('response', resolve);
        req.on('error', reject);
        req.end();
    });
}
async function readBody(response, limit = 1024 * 1024) {
    const chunks = [];
    let size = 0;
    for await (const chunk of response) {
        size += chunk.length;
        if (size <= limit)
            chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
}
/** POST with `Connection: Upgrade`; resolves with the raw socket once the engine answers 101. */
function engineUpgrade(endpoint, request) {
    return new Promise((resolve, reject) => {
        const req = transport(endpoint).request(requestOptions(endpoint, {
            method: 'POST',
            path: request.path,
            headers: { ...request.headers, Connection: 'Upgrade', Upgrade: request.protocol },
            ...(request.signal && { signal: request.signal }),
        }));
        req.on('upgrade', (_response, socket, head) => {
            if (head.length > 0)
                socket.unshift(head);
            resolve(socket);
        });
        req.on('response', (response) => {
            void readBody(response, 4096).then((body) => reject(new Error(`engine refused the ${request.protocol} upgrade on ${request.path} (HTTP ${response.statusCode}): ${body.trim()}`)), reject);
        });
        req.on('error', reject);
        req.end();
    });
}

;// CONCATENATED MODULE: ./build/adapters/docker/docker-engine.js



const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'EPERM', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
function isConnectionError(error) {
    const code = error?.code;
    return typeof code === 'string' && CONNECTION_ERRORS.has(code);
}
function engineUnreachable(address, error) {
    const code = error?.code;
    const detail = error instanceof Error ? error.message : String(error);
    const remedy = code === 'EACCES' || code === 'EPERM'
        ? `The runner user may not use ${address}: add it to the 'docker' group (self-hosted runners) or run the job on a GitHub-hosted runner.`
        : `Start the Docker engine or point DOCKER_HOST at it (currently ${address}). GitHub-hosted Linux runners have Docker running; on self-hosted runners install and start it.`;
    return new gate_error/* GateError */.ue('docker-error', `cannot reach the Docker engine at ${address}: ${detail}`, { remedy, cause: error });
}
/**
 * Connects to the engine the Docker CLI would use (DOCKER_HOST, DOCKER_TLS_VERIFY,
 * DOCKER_CERT_PATH) and pings it, so that an absent engine fails before any work starts.
 */
async function openDockerEngine(options = {}) {
    const docker = options.docker ?? new lib_docker();
    let endpoint;
    try {
        endpoint = await engineEndpoint(docker);
    }
    catch (error) {
        throw new gate_error/* GateError */.ue('docker-error', error.message, { remedy: 'Set DOCKER_HOST to unix:///var/run/docker.sock or a tcp:// address.' });
    }
    const address = describeEndpoint(endpoint);
    let response;
    try {
        response = await engineRequest(endpoint, { method: 'GET', path: '/_ping', signal: AbortSignal.timeout(30_000) });
    }
    catch (error) {
        throw engineUnreachable(address, error);
    }
    const body = await readBody(response, 4096).catch(() => '');
    if (response.statusCode !== 200) {
        throw new gate_error/* GateError */.ue('docker-error', `the Docker engine at ${address} answered /_ping with HTTP ${response.statusCode}: ${body.trim()}`, {
            remedy: 'Check that DOCKER_HOST points at a Docker engine and that it is healthy (`docker info`).',
        });
    }
    const header = (name) => {
        const value = response.headers[name.toLowerCase()];
        return Array.isArray(value) ? value[0] : value;
    };
    return {
        docker,
        endpoint,
        info: {
            apiVersion: header('Api-Version') ?? '',
            osType: header('Ostype') ?? '',
            builderVersion: header('Builder-Version'),
            address,
        },
    };
}
function apiAtLeast(version, minimum) {
    const [major = 0, minor = 0] = version.split('.').map(Number);
    const [wantMajor = 0, wantMinor = 0] = minimum.split('.').map(Number);
    return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}
/**
 * BuildKit when the engine offers it: `Builder-Version: 2`, or no header on a Linux engine
 * with API ≥ 1.39 (Docker 18.09–22.x ship BuildKit but only advertise it when configured).
 * An engine that says '1' was configured for the classic builder; we respect that unless
 * build secrets need BuildKit. Secrets are never downgraded to anything else.
 */
function chooseBuilder(info, needsBuildKit) {
    const capable = info.osType.toLowerCase() !== 'windows' && apiAtLeast(info.apiVersion, '1.39');
    if (info.builderVersion === '2')
        return 'buildkit';
    if (info.builderVersion === '1' && !needsBuildKit)
        return 'classic';
    if (capable)
        return 'buildkit';
    if (needsBuildKit) {
        throw new gate_error/* GateError */.ue('docker-error', `build-secrets need BuildKit, which the Docker engine at ${info.address} does not offer (API ${info.apiVersion || 'unknown'}, ${info.osType || 'unknown OS'})`, {
            remedy: 'Use a Linux Docker engine 18.09 or newer, or remove build-secrets. Secrets are never passed as build args.',
        });
    }
    return 'classic';
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./build/domain/text-safety.js
var text_safety = __webpack_require__(11781);
;// CONCATENATED MODULE: ./build/adapters/registry/registry-auth-error.js


/** What the account needs, said in the registry's own terms where we know them. */
function permissionHint(registry, repository, access) {
    if (registry === 'ghcr.io') {
        return access === 'push'
            ? "The token needs the 'packages: write' permission: add `permissions: { contents: read, packages: write }` to the job (for GITHUB_TOKEN) or use a token with write:packages. If the package already exists, also give this repository write access under the package's settings → Manage Actions access."
            : "The token needs the 'packages: read' permission on the package.";
    }
    return `Check registry-username and registry-password: that account needs ${access === 'push' ? 'push (write)' : 'pull (read)'} access to ${repository} on ${registry}.`;
}
/**
 * A refusal by the registry. The message names the registry, repository and user — never
 * the password or the encoded auth header.
 */
function registryAuthError(options) {
    const who = options.username ? `user '${options.username}'` : 'anonymous access';
    return new gate_error/* GateError */.ue('registry-auth', `registry ${options.registry} refused ${options.access} access to ${options.repository} for ${who}: ${options.detail}`, { remedy: permissionHint(options.registry, options.repository, options.access), ...(options.cause !== undefined && { cause: options.cause }) });
}
/** Replaces every occurrence of the given secrets (any letter case, and their common encodings) with ***. */
function redactSecrets(text, secrets) {
    return (0,text_safety/* redactSecrets */.fp)(text, secrets, 3);
}

;// CONCATENATED MODULE: ./build/domain/dockerignore.js
/*
 * `.dockerignore` semantics, transcribed from the code the Docker CLI runs when it sends a
 * build context (github.com/moby/patternmatcher v0.6 and its ignorefile package), because
 * "what the engine sees" must not depend on which client built the image.
 *
 * @balena/dockerignore ports an older revision (moby 19.03) and differs from today's CLI in
 * ways that change which files are sent: it matches case-insensitively by default, does not
 * escape `+ ( ) | { }` (so `dist/app+1.whl` never matches itself), and lacks the prefix/suffix
 * fast paths whose results differ from the regexp (`**foo` matches `barfoo`). The tests keep
 * it as a second opinion where both agree.
 *
 * Paths are slash-separated and relative to the context root; the CLI on Linux and macOS
 * (where the action's Docker builds run) uses the same separator.
 */
class DockerignorePatternError extends Error {
    pattern;
    constructor(pattern, problem) {
        super(`.dockerignore pattern ${JSON.stringify(pattern)} ${problem}`);
        this.name = 'DockerignorePatternError';
        this.pattern = pattern;
    }
}
/** Go's path.Clean: lexical normalisation with no trailing slash; '' → '.'. */
function cleanPath(path) {
    if (path === '')
        return '.';
    const rooted = path.startsWith('/');
    const out = [];
    for (const part of path.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (part === '..') {
            if (out.length > 0 && out[out.length - 1] !== '..')
                out.pop();
            else if (!rooted)
                out.push('..');
            continue;
        }
        out.push(part);
    }
    const joined = out.join('/');
    if (rooted)
        return `/${joined}`;
    return joined === '' ? '.' : joined;
}
/**
 * ignorefile.ReadAll: one pattern per line; a UTF-8 BOM on the first line is dropped;
 * lines starting with `#` (before trimming) are comments; blank lines are skipped; patterns
 * are cleaned and made relative (`/foo` → `foo`), keeping a leading `!`.
 */
function parseDockerignore(text) {
    const patterns = [];
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    for (const line of lines) {
        if (line.startsWith('#'))
            continue;
        let pattern = line.trim();
        if (pattern === '')
            continue;
        const invert = pattern.startsWith('!');
        if (invert)
            pattern = pattern.slice(1).trim();
        if (pattern.length > 0) {
            pattern = cleanPath(pattern);
            if (pattern.length > 1 && pattern.startsWith('/'))
                pattern = pattern.slice(1);
        }
        patterns.push(invert ? `!${pattern}` : pattern);
    }
    return patterns;
}
// Characters that are special in a regexp but literal in a filepath.Match pattern.
const ESCAPED = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);
const ANY_CHAR = '(?:[^/\\uD800-\\uDFFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF])';
/**
 * The syntax check filepath.Match performs (Go ≥ 1.16 validates the whole pattern): bracket
 * expressions must be closed, non-empty, and not start a range with `-` or `]`; a trailing
 * backslash is an error.
 */
function checkGlobSyntax(pattern) {
    const chars = [...pattern];
    let i = 0;
    const escapedChar = () => {
        // getEsc: a range endpoint, possibly escaped, that must not be the last character.
        const c = chars[i];
        if (c === undefined || c === '-' || c === ']')
            return false;
        if (c === '\\') {
            i++;
            if (chars[i] === undefined)
                return false;
        }
        i++;
        return chars[i] !== undefined;
    };
    while (i < chars.length) {
        const c = chars[i];
        if (c === '\\') {
            if (i + 1 >= chars.length)
                return 'ends with a lone backslash';
            i += 2;
            continue;
        }
        if (c !== '[') {
            i++;
            continue;
        }
        i++;
        if (chars[i] === '^')
            i++;
        let ranges = 0;
        for (;;) {
            if (chars[i] === ']' && ranges > 0) {
                i++;
                break;
            }
            if (!escapedChar())
                return 'has a malformed character class';
            if (chars[i] === '-') {
                i++;
                if (!escapedChar())
                    return 'has a malformed character class range';
            }
            ranges++;
        }
    }
    return undefined;
}
function compilePattern(text) {
    let source = '^';
    let kind = 'exact';
    const chars = [...text];
    let position = 0;
    for (let i = 0; position < chars.length; i++) {
        const ch = chars[position++];
        if (ch === '*') {
            if (chars[position] === '*') {
                position++;
                // `**/` is treated as `**`.
                if (chars[position] === '/')
                    position++;
                if (position >= chars.length) {
                    // `**` at the end matches everything below, like .gitignore.
                    if (kind === 'exact')
                        kind = 'prefix';
                    else {
                        source += '.*';
                        kind = 'regexp';
                    }
                }
                else {
                    source += '(.*/)?';
                    kind = 'regexp';
                }
                if (i === 0)
                    kind = 'suffix';
            }
            else {
                source += '[^/]*';
                kind = 'regexp';
            }
        }
        else if (ch === '?') {
            source += ANY_CHAR;
            kind = 'regexp';
        }
        else if (ESCAPED.has(ch)) {
            source += `\\${ch}`;
        }
        else if (ch === '\\') {
            if (position < chars.length) {
                source += `\\${chars[position++]}`;
                kind = 'regexp';
            }
            else {
                source += '\\\\';
            }
        }
        else if (ch === '[' || ch === ']') {
            source += ch;
            kind = 'regexp';
        }
        else {
            source += ch;
        }
    }
    if (kind !== 'regexp')
        return { kind, regexp: undefined };
    try {
        return { kind, regexp: new RegExp(`${source}$`) };
    }
    catch (error) {
        throw new DockerignorePatternError(text, `is not a valid pattern (${error.message})`);
    }
}
function createPattern(raw) {
    let text = raw.trim();
    if (text === '')
        return undefined;
    text = cleanPath(text);
    let exclusion = false;
    if (text.startsWith('!')) {
        if (text.length === 1)
            throw new DockerignorePatternError(raw, 'is a lone "!" (illegal exclusion pattern)');
        exclusion = true;
        text = text.slice(1);
    }
    const problem = checkGlobSyntax(text);
    if (problem !== undefined)
        throw new DockerignorePatternError(raw, problem);
    const { kind, regexp } = compilePattern(text);
    const match = (path) => {
        switch (kind) {
            case 'exact':
                return path === text;
            case 'prefix':
                return path.startsWith(text.slice(0, -2));
            case 'suffix': {
                const suffix = text.slice(2);
                if (path.endsWith(suffix))
                    return true;
                return suffix.startsWith('/') && path === suffix.slice(1);
            }
            case 'regexp':
                return regexp.test(path);
        }
    };
    return { text, exclusion, match };
}
function parentDirectories(path) {
    const parent = cleanPath(path.split('/').slice(0, -1).join('/'));
    if (parent === '.')
        return [];
    const parts = parent.split('/');
    return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}
/** patternmatcher.New: compiles the patterns in order; later patterns win. */
function compileDockerignore(patterns) {
    const compiled = patterns.map(createPattern).filter((p) => p !== undefined);
    const hasExclusions = compiled.some((p) => p.exclusion);
    const excludes = (path) => {
        let matched = false;
        const parents = parentDirectories(path);
        for (const pattern of compiled) {
            // An inclusion cannot change an already-matched path, nor an exclusion an unmatched one.
            if (pattern.exclusion !== matched)
                continue;
            const match = pattern.match(path) || parents.some((dir) => pattern.match(dir));
            if (match)
                matched = !pattern.exclusion;
        }
        return matched;
    };
    const excludesWithParent = (path, parent) => {
        let matched = false;
        const matches = new Array(compiled.length).fill(false);
        compiled.forEach((pattern, i) => {
            const inherited = parent !== undefined && parent.length > 0;
            let match = inherited ? parent[i] : false;
            if (!match) {
                if (pattern.exclusion !== matched)
                    return;
                match = pattern.match(path);
                // Without the parent's results, look at the parents themselves.
                if (!match && !inherited)
                    match = parentDirectories(path).some((dir) => pattern.match(dir));
            }
            matches[i] = match;
            if (match)
                matched = !pattern.exclusion;
        });
        return { excluded: matched, matches };
    };
    return { patterns: compiled, hasExclusions, excludes, excludesWithParent };
}
/**
 * The deprecated patternmatcher.Matches (it checks only the parent prefix with as many
 * components as the pattern): the CLI still uses it to decide whether the Dockerfile and
 * .dockerignore need an explicit `!` re-include, so we do too.
 */
function excludedByLegacyMatch(path, patterns) {
    const file = cleanPath(path);
    if (file === '.')
        return false;
    const compiled = patterns.map(createPattern).filter((p) => p !== undefined);
    const parentDirs = cleanPath(file.split('/').slice(0, -1).join('/') || '.').split('/');
    const parentPath = parentDirs.join('/');
    let matched = false;
    for (const pattern of compiled) {
        if (pattern.exclusion !== matched)
            continue;
        let match = pattern.match(file);
        const depth = pattern.text.split('/').length;
        if (!match && parentPath !== '.' && depth <= parentDirs.length) {
            match = pattern.match(parentDirs.slice(0, depth).join('/'));
        }
        if (match)
            matched = !pattern.exclusion;
    }
    return matched;
}
/**
 * The CLI's context walk skips an excluded directory entirely unless some `!` pattern names
 * a path inside it (compared as a plain string prefix, so `!**\/keep` does not count).
 */
function mustEnterExcludedDirectory(matcher, directory) {
    if (!matcher.hasExclusions)
        return false;
    const prefix = `${directory}/`;
    return matcher.patterns.some((p) => p.exclusion && `${p.text}/`.startsWith(prefix));
}

;// CONCATENATED MODULE: ./build/domain/build-context.js



/** `realContext` and `realDockerfile` are absolute, symlink-free paths. */
function locateDockerfile(realContext, realDockerfile) {
    const relative = external_node_path_.posix.relative(realContext, realDockerfile);
    if (relative === '') {
        throw new gate_error/* GateError */.ue('input-error', `input 'dockerfile': resolves to the context directory itself, not a file`, {
            remedy: 'for example: dockerfile: Dockerfile',
        });
    }
    if (relative === '..' || relative.startsWith('../') || external_node_path_.posix.isAbsolute(relative)) {
        return { kind: 'outside', absolutePath: realDockerfile };
    }
    return { kind: 'inside', path: relative };
}
/**
 * TrimBuildFilesFromExcludes: the Dockerfile and .dockerignore are always sent (the engine
 * needs them and removes them from the context itself if they are ignored). The `!` lines
 * are only added when needed because an added exclusion changes which directories the walk
 * enters.
 */
function contextExcludes(dockerignore, dockerfilePath) {
    const excludes = [...dockerignore];
    if (excludedByLegacyMatch('.dockerignore', excludes))
        excludes.push('!.dockerignore');
    if (dockerfilePath !== undefined && excludedByLegacyMatch(dockerfilePath, excludes))
        excludes.push(`!${dockerfilePath}`);
    return excludes;
}
/** The name the CLI gives a Dockerfile from outside the context; ours is derived from its content, not random. */
function outsideDockerfileName(contentSha256Hex) {
    return `.dockerfile.${contentSha256Hex.slice(0, 20)}`;
}
/**
 * The .dockerignore sent along with an outside Dockerfile lists that file, so that
 * `COPY . .` does not pick it up (AddDockerfileToBuildContext).
 */
function dockerignoreWithOutsideDockerfile(existing, name) {
    return `${existing ?? '.dockerignore'}\n${name}\n`;
}
/** One step of the CLI's walk (go-archive TarWithOptions): `path` is relative, slash-separated. */
function decideContextEntry(matcher, path, isDirectory, parent) {
    const { excluded, matches } = matcher.excludesWithParent(path, parent);
    if (!excluded)
        return { include: true, descend: isDirectory, matches };
    return { include: false, descend: isDirectory && mustEnterExcludedDirectory(matcher, path), matches };
}
/** Everything the walk needs, from the .dockerignore text and the Dockerfile's location. */
function planContext(dockerignoreText, dockerfile, outsideName) {
    const patterns = dockerignoreText === undefined ? [] : parseDockerignore(dockerignoreText);
    const inside = dockerfile.kind === 'inside' ? dockerfile.path : undefined;
    const matcher = compileDockerignore(contextExcludes(patterns, inside));
    const dockerfileInArchive = dockerfile.kind === 'inside' ? dockerfile.path : outsideName;
    if (dockerfileInArchive === undefined)
        throw new Error('an outside Dockerfile needs its archive name');
    return { matcher, dockerfileInArchive };
}

;// CONCATENATED MODULE: ./build/adapters/docker/archive-output.js

/*
 * The readable end of an archive that is written while it is read. Small pieces (headers,
 * small files, padding) are gathered into chunks of `batchBytes`: every chunk becomes one
 * write on the engine's socket and one read on its side, so a few large chunks cost far less
 * than one chunk per tar block. The writer runs ahead of the reader by up to `bufferBytes`
 * and then waits; memory stays bounded whatever the size of the archive.
 */
/** The reader went away (the request failed or was abandoned) before the archive was complete. */
class ArchiveStreamClosed extends Error {
    constructor() {
        super('the archive stream was closed before the archive was complete');
        this.name = 'ArchiveStreamClosed';
    }
}
class ArchiveOutput {
    stream;
    batchBytes;
    batch = [];
    batched = 0;
    full = false;
    wake;
    constructor(options) {
        this.batchBytes = options.batchBytes;
        this.stream = new external_node_stream_.Readable({
            highWaterMark: options.bufferBytes,
            read: () => this.resume(),
            destroy: (error, callback) => {
                this.resume();
                callback(error);
            },
        });
    }
    /** Appends bytes to the current chunk; the chunk goes out once it is large enough. */
    write(piece) {
        if (piece.length === 0)
            return;
        this.batch.push(piece);
        this.batched += piece.length;
        if (this.batched >= this.batchBytes)
            this.flush();
    }
    /** Sends a large piece as a chunk of its own (after whatever was gathered before it). */
    writeChunk(chunk) {
        this.flush();
        this.push(chunk);
    }
    /** Whether the reader is a full buffer behind: call `room()` before writing much more. */
    get mustWait() {
        return this.full;
    }
    /** Resolves once the reader wants more; rejects if the stream was closed meanwhile. */
    async room() {
        while (this.full && !this.stream.destroyed) {
            await new Promise((resolve) => {
                this.wake = resolve;
            });
        }
        if (this.stream.destroyed)
            throw new ArchiveStreamClosed();
    }
    /** Sends what is gathered and ends the stream. */
    end() {
        this.flush();
        this.stream.push(null);
    }
    flush() {
        if (this.batched === 0)
            return;
        const chunk = this.batch.length === 1 ? this.batch[0] : Buffer.concat(this.batch, this.batched);
        this.batch = [];
        this.batched = 0;
        this.push(chunk);
    }
    push(chunk) {
        if (this.stream.destroyed)
            throw new ArchiveStreamClosed();
        if (!this.stream.push(chunk))
            this.full = true;
    }
    resume() {
        this.full = false;
        const wake = this.wake;
        this.wake = undefined;
        wake?.();
    }
}

;// CONCATENATED MODULE: ./build/adapters/docker/context-walk.js



// UTF-16 code unit order (JavaScript's) equals UTF-8 byte order (Go's) below U+D800.
const BEYOND_SIMPLE_ORDER = /[\uD800-\uFFFF]/;
function inByteOrder(entries) {
    if (!entries.some((entry) => BEYOND_SIMPLE_ORDER.test(entry.name))) {
        return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    const keyed = entries.map((entry) => ({ entry, key: Buffer.from(entry.name, 'utf8') }));
    keyed.sort((a, b) => Buffer.compare(a.key, b.key));
    return keyed.map(({ entry }) => entry);
}
/** A directory's entries with their types (so excluded files need no lstat), in byte order. */
function listDirectory(directory) {
    return new Promise((resolve, reject) => {
        (0,external_node_fs_.readdir)(directory, { withFileTypes: true }, (error, entries) => (error ? reject(error) : resolve(inByteOrder(entries))));
    });
}
class ContextWalk {
    matcher;
    prepare;
    window;
    frames;
    ahead = [];
    planning;
    walked = false;
    constructor(root, rootEntries, matcher, prepare, window) {
        this.matcher = matcher;
        this.prepare = prepare;
        this.window = window;
        this.frames = [{ directory: root, prefix: '', entries: rootEntries, next: 0, parent: undefined }];
    }
    /** The next entry to archive (or the failure that ends the walk); undefined when the walk is over. */
    async next() {
        for (;;) {
            if (!this.walked && this.ahead.length <= this.window / 2)
                void this.refill();
            const item = this.ahead.shift();
            if (item !== undefined)
                return item;
            if (this.walked)
                return undefined;
            await this.refill();
        }
    }
    /** One planner at a time: a second one would take entries while the first lists a directory. */
    refill() {
        this.planning ??= this.plan().finally(() => {
            this.planning = undefined;
        });
        return this.planning;
    }
    async plan() {
        let relative = '';
        try {
            while (this.ahead.length < this.window) {
                const frame = this.frames[this.frames.length - 1];
                if (frame === undefined) {
                    this.walked = true;
                    return;
                }
                const dirent = frame.entries[frame.next++];
                if (dirent === undefined) {
                    this.frames.pop();
                    continue;
                }
                relative = frame.prefix === '' ? dirent.name : `${frame.prefix}/${dirent.name}`;
                const absolute = external_node_path_.join(frame.directory, dirent.name);
                const decision = decideContextEntry(this.matcher, relative, dirent.isDirectory(), frame.parent);
                if (decision.include) {
                    const prepared = this.prepare(absolute);
                    prepared.catch(() => undefined); // reported when the entry is written
                    this.ahead.push({ relative, absolute, prepared });
                }
                if (!decision.descend)
                    continue;
                let entries;
                try {
                    entries = await listDirectory(absolute);
                }
                catch (error) {
                    if (error.code === 'ENOENT')
                        continue; // removed while we walk
                    throw error;
                }
                this.frames.push({ directory: absolute, prefix: relative, entries, next: 0, parent: decision.matches });
            }
        }
        catch (failure) {
            this.ahead.push({ relative, failure });
            this.frames.length = 0;
            this.walked = true;
        }
    }
}

;// CONCATENATED MODULE: ./build/adapters/docker/tar-header.js
/*
 * Tar headers for the build context, byte for byte as tar-stream 3 writes them (ustar, with
 * a PAX record for names that do not fit or are not ASCII). The archive used to go through
 * tar-stream's pack stream; encoding the headers here lets the archive writer gather many
 * small entries into one large chunk, while a test keeps the bytes equal to tar-stream's.
 */
const BLOCK = 512;
const ZEROS = '0000000000000000000';
const SEVENS = '7777777777777777777';
const TYPEFLAG = {
    file: 0,
    link: 1,
    symlink: 2,
    'character-device': 3,
    'block-device': 4,
    directory: 5,
    fifo: 6,
    'pax-header': 72,
};
/** 1024 zero bytes: the end-of-archive marker, and the source of padding. */
const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK);
/** The zero bytes that pad `size` content bytes to a whole block (empty when none are needed). */
function blockPadding(size) {
    const rest = size % BLOCK;
    return rest === 0 ? END_OF_ARCHIVE.subarray(0, 0) : END_OF_ARCHIVE.subarray(0, BLOCK - rest);
}
function octal(value, digits) {
    const text = value.toString(8);
    if (text.length > digits)
        return `${SEVENS.slice(0, digits)} `;
    return `${ZEROS.slice(0, digits - text.length)}${text} `;
}
function writeSize(size, block, offset) {
    if (size.toString(8).length <= 11) {
        block.write(octal(size, 11), offset);
        return;
    }
    // Base-256 for sizes of 8 GiB and more.
    block[offset] = 0x80;
    let rest = size;
    for (let i = 11; i > 0; i--) {
        block[offset + i] = rest & 0xff;
        rest = Math.floor(rest / 0x100);
    }
}
function checksum(block) {
    let sum = 8 * 32;
    for (let i = 0; i < 148; i++)
        sum += block[i];
    for (let i = 156; i < BLOCK; i++)
        sum += block[i];
    return sum;
}
/** One ustar block, or undefined when the name or link name does not fit (a PAX record is needed). */
function ustarBlock(fields) {
    let name = fields.name;
    let prefix = '';
    if (Buffer.byteLength(name) !== name.length)
        return undefined;
    while (name.length > 100) {
        const slash = name.indexOf('/');
        if (slash === -1)
            return undefined;
        prefix += prefix ? `/${name.slice(0, slash)}` : name.slice(0, slash);
        name = name.slice(slash + 1);
    }
    if (name.length > 100 || prefix.length > 155)
        return undefined;
    if (fields.linkname && Buffer.byteLength(fields.linkname) > 100)
        return undefined;
    const block = Buffer.alloc(BLOCK);
    block.write(name, 0);
    block.write(octal(fields.mode & 0o7777, 6), 100);
    block.write(octal(0, 6), 108); // uid
    block.write(octal(0, 6), 116); // gid
    writeSize(fields.size, block, 124);
    block.write(octal((fields.mtimeMs / 1000) | 0, 11), 136);
    block[156] = 0x30 + TYPEFLAG[fields.type];
    if (fields.linkname)
        block.write(fields.linkname, 157);
    block.write('ustar\u000000', 257, 'latin1');
    block.write(octal(fields.devmajor || 0, 6), 329);
    block.write(octal(fields.devminor || 0, 6), 337);
    if (prefix)
        block.write(prefix, 345);
    block.write(octal(checksum(block), 6), 148);
    return block;
}
/** A PAX record: "<length> <key>=<value>\n", where the length counts itself. */
function paxRecord(key, value) {
    const line = ` ${key}=${value}\n`;
    const length = Buffer.byteLength(line);
    let digits = Math.floor(Math.log(length) / Math.log(10)) + 1;
    if (length + digits >= Math.pow(10, digits))
        digits++;
    return `${length + digits}${line}`;
}
/**
 * The bytes before an entry's content: one block, or (long or non-ASCII names and link
 * names) a PAX header block, its records padded to a block, and the entry's own block.
 */
function encodeTarHeader(header) {
    const fields = {
        name: header.name,
        type: header.type,
        mode: header.mode,
        size: header.size,
        mtimeMs: header.mtimeMs,
        linkname: header.linkname,
        devmajor: header.devmajor,
        devminor: header.devminor,
    };
    const plain = ustarBlock(fields);
    if (plain)
        return plain;
    let records = paxRecord('path', header.name);
    if (header.linkname)
        records += paxRecord('linkpath', header.linkname);
    const pax = Buffer.from(records);
    const linkname = header.linkname && 'PaxHeader';
    const paxBlock = ustarBlock({ ...fields, name: 'PaxHeader', type: 'pax-header', size: pax.length, linkname });
    const entryBlock = ustarBlock({ ...fields, name: 'PaxHeader', linkname });
    return Buffer.concat([paxBlock, pax, blockPadding(pax.length), entryBlock]);
}

;// CONCATENATED MODULE: ./build/adapters/docker/build-context-archive.js











function contextError(message, cause, remedy) {
    const code = cause?.code;
    const detail = cause instanceof Error ? cause.message : '';
    return new gate_error/* GateError */.ue('input-error', code ? `${message} (${code})` : detail ? `${message}: ${detail}` : message, { cause, remedy });
}
function isWithin(root, file) {
    const relative = external_node_path_.relative(root, file);
    return relative !== '' && relative !== '..' && !relative.startsWith(`..${external_node_path_.sep}`) && !external_node_path_.isAbsolute(relative);
}
/** The context's .dockerignore, read once and only if it resolves inside the context. */
async function readDockerignore(root) {
    const bytes = await (0,contained_file/* readContainedFile */.aM)('context', '.dockerignore', root, { real: root, name: 'the build context' });
    return bytes?.toString('utf8');
}
/** Linux dev_t → (major, minor), as glibc's gnu_dev_major/minor. */
function deviceNumbers(rdev) {
    const high = Math.floor(rdev / 2 ** 32);
    const low = rdev % 2 ** 32;
    return {
        devmajor: ((low >>> 8) & 0xfff) | ((high & 0xfffff000) >>> 0),
        devminor: (low & 0xff) | ((low >>> 12) & 0xfff00),
    };
}
/** Files up to this size are read in one go (and may be read ahead); larger ones are streamed in chunks. */
const WHOLE_FILE_BYTES = 512 * 1024;
const STREAM_CHUNK_BYTES = 512 * 1024;
/** Entries prepared ahead of the one being written, and the most file content held for them. */
const WINDOW_ENTRIES = 64;
const READ_AHEAD_BYTES = 8 * 1024 * 1024;
/** Bytes per chunk on the wire, and how far the archive may run ahead of its reader. */
const BATCH_BYTES = 256 * 1024;
const BUFFER_BYTES = 2 * 1024 * 1024;
/** An entry lstat saw as a file is never opened through a link that replaced it since. */
const READ_NO_FOLLOW = external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW;
const UNREADABLE_REMEDY = 'Make it readable by the runner user, or exclude it in .dockerignore.';
function entryKind(stats) {
    if (stats.isFile())
        return 'file';
    if (stats.isDirectory())
        return 'directory';
    if (stats.isSymbolicLink())
        return 'symlink';
    if (stats.isFIFO())
        return 'fifo';
    if (stats.isCharacterDevice())
        return 'character-device';
    if (stats.isBlockDevice())
        return 'block-device';
    // Sockets: Go's archive/tar refuses them and the CLI leaves them out.
    return undefined;
}
function changedSize(expected, actual) {
    return Object.assign(new Error(`changed size while being read (${expected} → ${actual} bytes)`), { code: 'ECHANGED' });
}
/**
 * Reads a whole small file with one read (open, read, close: fewer round trips to the thread
 * pool than readFile). It asks for one byte more than lstat reported, so that a file that grew
 * since shows up as well as one that shrank.
 */
function readWholeFile(file, size, callback) {
    (0,external_node_fs_.open)(file, READ_NO_FOLLOW, (openError, fd) => {
        if (openError) {
            callback(openError);
            return;
        }
        const buffer = Buffer.allocUnsafe(size + 1);
        let filled = 0;
        const finish = (error, content) => {
            (0,external_node_fs_.close)(fd, () => undefined);
            callback(error, content);
        };
        const next = () => {
            (0,external_node_fs_.read)(fd, buffer, filled, buffer.length - filled, filled, (readError, bytes) => {
                if (readError)
                    return finish(readError);
                filled += bytes;
                if (filled > size)
                    return finish(changedSize(size, filled));
                if (filled === size)
                    return finish(null, buffer.subarray(0, size));
                if (bytes === 0)
                    return finish(changedSize(size, filled));
                next();
            });
        };
        next();
    });
}
function readWholeFileAsync(file, size) {
    return new Promise((resolve, reject) => readWholeFile(file, size, (error, content) => (error ? reject(error) : resolve(content))));
}
function openForReading(file) {
    return new Promise((resolve, reject) => (0,external_node_fs_.open)(file, READ_NO_FOLLOW, (error, fd) => (error ? reject(error) : resolve(fd))));
}
function readChunk(fd, position, length) {
    return new Promise((resolve, reject) => {
        const buffer = Buffer.allocUnsafe(length);
        (0,external_node_fs_.read)(fd, buffer, 0, length, position, (error, bytes) => (error ? reject(error) : resolve(bytes === length ? buffer : buffer.subarray(0, bytes))));
    });
}
/** Prepares the archive (checks the Dockerfile and .dockerignore) and starts writing it. */
async function createContextArchive(options) {
    let root;
    try {
        root = await (0,promises_.realpath)(external_node_path_.resolve(options.context));
        if (!(await (0,promises_.stat)(root)).isDirectory())
            throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    }
    catch (error) {
        throw contextError(`input 'context': ${options.context} is not a readable directory`, error, 'for example: context: . (relative to the workspace)');
    }
    let dockerfileReal;
    try {
        dockerfileReal = await (0,promises_.realpath)(external_node_path_.resolve(root, options.dockerfile));
        if (!(await (0,promises_.stat)(dockerfileReal)).isFile())
            throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    }
    catch (error) {
        throw contextError(`input 'dockerfile': cannot locate ${options.dockerfile} in ${options.context}`, error, 'for example: dockerfile: Dockerfile (relative to the context)');
    }
    const location = locateDockerfile(root, dockerfileReal);
    // A Dockerfile named inside the context that resolves outside it is a link out of the
    // context (e.g. to /proc/self/environ, which the engine would quote in its parse error).
    // BuildKit refuses it; so do we. Only a path given as outside (`../Dockerfile`) is sent.
    if (location.kind === 'outside' && isWithin(root, external_node_path_.resolve(root, options.dockerfile))) {
        throw new gate_error/* GateError */.ue('input-error', `input 'dockerfile': ${options.dockerfile} resolves outside the build context (symbolic links followed); the gate does not follow links out of the context`, {
            remedy: 'Make the Dockerfile a regular file inside the context.',
        });
    }
    let outside;
    if (location.kind === 'outside') {
        const content = await (0,promises_.readFile)(location.absolutePath);
        outside = { name: outsideDockerfileName((0,external_node_crypto_.createHash)('sha256').update(content).digest('hex')), content };
    }
    const dockerignore = await readDockerignore(root);
    let plan;
    try {
        plan = planContext(dockerignore, location, outside?.name);
    }
    catch (error) {
        if (error instanceof DockerignorePatternError) {
            throw new gate_error/* GateError */.ue('input-error', `${external_node_path_.join(options.context, '.dockerignore')}: ${error.message}`, {
                remedy: 'Fix the pattern; the syntax is Go filepath.Match plus ** and ! (https://docs.docker.com/build/concepts/context/#dockerignore-files).',
            });
        }
        throw error;
    }
    const fixedMtimeMs = options.mtimeEpochSeconds === undefined ? undefined : new Date(options.mtimeEpochSeconds * 1000).getTime();
    const mtimeOf = (stats) => fixedMtimeMs ?? Math.floor(stats.mtimeMs / 1000) * 1000;
    const hardlinks = new Map();
    const summary = { entries: 0, fileBytes: 0 };
    const output = new ArchiveOutput({ batchBytes: BATCH_BYTES, bufferBytes: BUFFER_BYTES });
    let readAheadBytes = 0;
    const writeWhole = (header, content) => {
        output.write(encodeTarHeader({ ...header, size: content.length }));
        output.write(content);
        output.write(blockPadding(content.length));
    };
    // The next entries are looked at (lstat, link targets, the content of small files) while
    // earlier ones are written: the walk is bound by I/O latency, not by CPU.
    const prepare = (absolute) => new Promise((resolve, reject) => {
        (0,external_node_fs_.lstat)(absolute, (error, stats) => {
            if (error) {
                if (error.code === 'ENOENT')
                    resolve(undefined); // removed while we walk
                else
                    reject(error);
                return;
            }
            const kind = entryKind(stats);
            if (kind === 'symlink') {
                (0,external_node_fs_.readlink)(absolute, (linkError, linkname) => (linkError ? reject(linkError) : resolve({ stats, kind, linkname, content: undefined, reserved: 0 })));
                return;
            }
            if (kind !== 'file' || stats.size > WHOLE_FILE_BYTES || readAheadBytes + stats.size > READ_AHEAD_BYTES) {
                resolve({ stats, kind, linkname: undefined, content: undefined, reserved: 0 });
                return;
            }
            readAheadBytes += stats.size;
            readWholeFile(absolute, stats.size, (readError, content) => {
                if (content !== undefined) {
                    resolve({ stats, kind, linkname: undefined, content, reserved: stats.size });
                    return;
                }
                // Reported only if the content is needed (a second hard link to it is not): the
                // entry then reads the file again and fails with that error.
                readAheadBytes -= stats.size;
                resolve({ stats, kind, linkname: undefined, content: undefined, reserved: 0 });
            });
        });
    });
    const streamFile = async (absolute, size) => {
        const fd = await openForReading(absolute);
        let inFlight;
        try {
            let position = 0;
            let next = readChunk(fd, position, Math.min(STREAM_CHUNK_BYTES, size));
            inFlight = next;
            while (position < size) {
                const chunk = await next;
                inFlight = undefined;
                // Never read past the size announced in the header, even if the file grows meanwhile;
                // a file that shrinks fails the archive instead of corrupting it.
                if (chunk.length === 0)
                    throw new Error('it changed size while being read');
                position += chunk.length;
                if (position < size) {
                    // Read the next chunk while this one is handed on.
                    next = readChunk(fd, position, Math.min(STREAM_CHUNK_BYTES, size - position));
                    next.catch(() => undefined); // awaited next round, or before closing
                    inFlight = next;
                }
                output.writeChunk(chunk);
                if (output.mustWait)
                    await output.room();
            }
        }
        finally {
            // A read still in flight must finish before its descriptor is closed (and reused).
            await inFlight?.catch(() => undefined);
            (0,external_node_fs_.close)(fd, () => undefined);
        }
    };
    const addEntry = async (name, absolute, prepared, kind) => {
        const { stats } = prepared;
        const mode = stats.mode & 0o7777;
        const header = {
            name: kind === 'directory' ? `${name}/` : name,
            type: kind,
            // Permission, setuid/setgid and sticky bits; the file type travels in `type`. A mode of
            // 0 becomes 0644/0755, as tar-stream (which wrote these archives before) did.
            mode: mode || (kind === 'directory' ? 0o755 : 0o644),
            size: 0,
            mtimeMs: mtimeOf(stats),
        };
        summary.entries++;
        if (kind === 'symlink') {
            output.write(encodeTarHeader({ ...header, linkname: prepared.linkname }));
            return;
        }
        if (kind === 'character-device' || kind === 'block-device') {
            output.write(encodeTarHeader({ ...header, ...deviceNumbers(stats.rdev) }));
            return;
        }
        if (kind !== 'file') {
            output.write(encodeTarHeader(header));
            return;
        }
        if (stats.nlink > 1) {
            const inode = `${stats.dev}:${stats.ino}`;
            const first = hardlinks.get(inode);
            if (first !== undefined) {
                output.write(encodeTarHeader({ ...header, type: 'link', linkname: first }));
                return;
            }
            hardlinks.set(inode, name);
        }
        if (outside && name === '.dockerignore') {
            writeWhole(header, Buffer.from(dockerignoreWithOutsideDockerfile(dockerignore, outside.name)));
            return;
        }
        summary.fileBytes += stats.size;
        if (stats.size <= WHOLE_FILE_BYTES) {
            writeWhole(header, prepared.content ?? (await readWholeFileAsync(absolute, stats.size)));
            return;
        }
        output.write(encodeTarHeader({ ...header, size: stats.size }));
        await streamFile(absolute, stats.size);
        output.write(blockPadding(stats.size));
    };
    const write = async () => {
        const walk = new ContextWalk(root, await listDirectory(root), plan.matcher, prepare, WINDOW_ENTRIES);
        for (;;) {
            const item = await walk.next();
            if (item === undefined)
                break;
            if ('failure' in item)
                throw contextError(`build context: cannot read ${item.relative}`, item.failure, UNREADABLE_REMEDY);
            try {
                const prepared = await item.prepared;
                if (prepared !== undefined) {
                    readAheadBytes -= prepared.reserved;
                    if (prepared.kind !== undefined)
                        await addEntry(item.relative, item.absolute, prepared, prepared.kind);
                }
            }
            catch (error) {
                if (error instanceof gate_error/* GateError */.ue || error instanceof ArchiveStreamClosed)
                    throw error;
                throw contextError(`build context: cannot read ${item.relative}`, error, UNREADABLE_REMEDY);
            }
            if (output.mustWait)
                await output.room();
        }
        if (outside) {
            const now = fixedMtimeMs ?? Math.floor(Date.now() / 1000) * 1000;
            const regular = { type: 'file', mode: 0o600, size: 0, mtimeMs: now };
            if (dockerignore === undefined) {
                writeWhole({ ...regular, name: '.dockerignore' }, Buffer.from(dockerignoreWithOutsideDockerfile(undefined, outside.name)));
            }
            writeWhole({ ...regular, name: outside.name }, outside.content);
            summary.entries++;
        }
        output.write(END_OF_ARCHIVE);
        output.end();
        return summary;
    };
    const done = write().catch((error) => {
        const failure = error instanceof gate_error/* GateError */.ue ? error : contextError('build context: could not be archived', error, 'Check the context directory.');
        output.stream.destroy(failure);
        throw failure;
    });
    // The consumer learns about failures through the stream; `done` is for whoever awaits it.
    done.catch(() => undefined);
    return { stream: output.stream, dockerfile: plan.dockerfileInArchive, done };
}

;// CONCATENATED MODULE: ./build/adapters/docker/protobuf-wire.js
/*
 * Just enough of the protobuf wire format for the handful of tiny messages BuildKit
 * exchanges with us (secrets, health, progress). A full protobuf runtime would be a large
 * dependency for five message types.
 */
class ProtobufError extends Error {
    constructor(message) {
        super(`malformed protobuf message: ${message}`);
        this.name = 'ProtobufError';
    }
}
function readVarint(buffer, offset) {
    let value = 0;
    let factor = 1;
    for (let i = 0; i < 10; i++) {
        const byte = buffer[offset + i];
        if (byte === undefined)
            throw new ProtobufError('truncated varint');
        // Multiplication instead of shifts: values above 2^31 (sizes, timestamps) stay exact up to 2^53.
        value += (byte & 0x7f) * factor;
        factor *= 128;
        if ((byte & 0x80) === 0)
            return { value, next: offset + i + 1 };
    }
    throw new ProtobufError('varint longer than 10 bytes');
}
/** Splits a message into its fields, in wire order; unknown fields are simply returned too. */
function decodeFields(buffer) {
    const fields = [];
    let offset = 0;
    while (offset < buffer.length) {
        const key = readVarint(buffer, offset);
        offset = key.next;
        const field = Math.floor(key.value / 8);
        const wireType = key.value % 8;
        if (field === 0)
            throw new ProtobufError('field number 0');
        switch (wireType) {
            case 0: {
                const v = readVarint(buffer, offset);
                offset = v.next;
                fields.push({ field, wireType, value: v.value });
                break;
            }
            case 1:
            case 5: {
                const size = wireType === 1 ? 8 : 4;
                if (offset + size > buffer.length)
                    throw new ProtobufError('truncated fixed-width field');
                fields.push({ field, wireType, value: buffer.subarray(offset, offset + size) });
                offset += size;
                break;
            }
            case 2: {
                const length = readVarint(buffer, offset);
                offset = length.next;
                if (offset + length.value > buffer.length)
                    throw new ProtobufError(`field ${field} runs past the end`);
                fields.push({ field, wireType, value: buffer.subarray(offset, offset + length.value) });
                offset += length.value;
                break;
            }
            default:
                throw new ProtobufError(`unsupported wire type ${wireType} (field ${field})`);
        }
    }
    return fields;
}
function encodeVarint(value) {
    if (!Number.isSafeInteger(value) || value < 0)
        throw new RangeError(`cannot encode ${value} as a varint`);
    const bytes = [];
    let rest = value;
    while (rest >= 0x80) {
        bytes.push((rest % 128) | 0x80);
        rest = Math.floor(rest / 128);
    }
    bytes.push(rest);
    return Buffer.from(bytes);
}
function encodeVarintField(field, value) {
    return Buffer.concat([encodeVarint(field * 8), encodeVarint(value)]);
}
function encodeBytesField(field, value) {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    return Buffer.concat([encodeVarint(field * 8 + 2), encodeVarint(bytes.length), bytes]);
}
/** gRPC length-prefixed message: 1 byte compressed flag (0), 4 bytes big-endian length. */
function grpcFrame(message) {
    const prefix = Buffer.alloc(5);
    prefix.writeUInt32BE(message.length, 1);
    return Buffer.concat([prefix, message]);
}
/** The messages in a gRPC request body; compressed messages are refused (we never offer compression). */
function grpcMessages(body) {
    const messages = [];
    let offset = 0;
    while (offset < body.length) {
        if (offset + 5 > body.length)
            throw new ProtobufError('truncated gRPC frame header');
        if (body[offset] !== 0)
            throw new ProtobufError('compressed gRPC message');
        const length = body.readUInt32BE(offset + 1);
        if (offset + 5 + length > body.length)
            throw new ProtobufError('truncated gRPC message');
        messages.push(body.subarray(offset + 5, offset + 5 + length));
        offset += 5 + length;
    }
    return messages;
}

;// CONCATENATED MODULE: ./build/adapters/docker/buildkit-trace.js

const buildkit_trace_text = (f) => (f.wireType === 2 ? f.value.toString('utf8') : '');
const num = (f) => (f.wireType === 0 ? f.value : 0);
function decodeTimestamp(message) {
    let seconds = 0;
    let nanos = 0;
    for (const f of decodeFields(message)) {
        if (f.field === 1)
            seconds = num(f);
        if (f.field === 2)
            nanos = num(f);
    }
    return seconds + nanos / 1e9;
}
const timestamp = (f) => (f.wireType === 2 ? decodeTimestamp(f.value) : undefined);
function decodeVertex(message) {
    const vertex = { digest: '', name: '', cached: false, started: undefined, completed: undefined, error: '' };
    for (const f of decodeFields(message)) {
        if (f.field === 1)
            vertex.digest = buildkit_trace_text(f);
        else if (f.field === 3)
            vertex.name = buildkit_trace_text(f);
        else if (f.field === 4)
            vertex.cached = num(f) !== 0;
        else if (f.field === 5)
            vertex.started = timestamp(f);
        else if (f.field === 6)
            vertex.completed = timestamp(f);
        else if (f.field === 7)
            vertex.error = buildkit_trace_text(f);
    }
    return vertex;
}
function decodeStatus(message) {
    const status = { id: '', vertex: '', name: '', current: 0, total: 0, completed: undefined };
    for (const f of decodeFields(message)) {
        if (f.field === 1)
            status.id = buildkit_trace_text(f);
        else if (f.field === 2)
            status.vertex = buildkit_trace_text(f);
        else if (f.field === 3)
            status.name = buildkit_trace_text(f);
        else if (f.field === 4)
            status.current = num(f);
        else if (f.field === 5)
            status.total = num(f);
        else if (f.field === 8)
            status.completed = timestamp(f);
    }
    return status;
}
function decodeLog(message) {
    const log = { vertex: '', stream: 0, data: Buffer.alloc(0) };
    for (const f of decodeFields(message)) {
        if (f.field === 1)
            log.vertex = buildkit_trace_text(f);
        else if (f.field === 3)
            log.stream = num(f);
        else if (f.field === 4 && f.wireType === 2)
            log.data = f.value;
    }
    return log;
}
function decodeWarning(message) {
    const warning = { vertex: '', short: '', detail: [], url: '' };
    for (const f of decodeFields(message)) {
        if (f.field === 1)
            warning.vertex = buildkit_trace_text(f);
        else if (f.field === 3)
            warning.short = buildkit_trace_text(f);
        else if (f.field === 4)
            warning.detail.push(buildkit_trace_text(f));
        else if (f.field === 5)
            warning.url = buildkit_trace_text(f);
    }
    return warning;
}
function decodeStatusResponse(message) {
    const update = { vertexes: [], statuses: [], logs: [], warnings: [] };
    for (const f of decodeFields(message)) {
        if (f.wireType !== 2)
            continue;
        if (f.field === 1)
            update.vertexes.push(decodeVertex(f.value));
        else if (f.field === 2)
            update.statuses.push(decodeStatus(f.value));
        else if (f.field === 3)
            update.logs.push(decodeLog(f.value));
        else if (f.field === 4)
            update.warnings.push(decodeWarning(f.value));
    }
    return update;
}
const TAIL_LINES = 60;
/**
 * Prints BuildKit progress the way `docker build --progress=plain` does (`#3 [2/4] RUN …`,
 * its output, `#3 DONE 0.4s`), and remembers the failing step's output.
 */
class BuildKitProgress {
    sink;
    vertices = new Map();
    next = 1;
    constructor(sink) {
        this.sink = sink;
    }
    state(digest, name) {
        let state = this.vertices.get(digest);
        if (!state) {
            state = { number: this.next++, name, announced: false, finished: false, error: '', partial: '', tail: [] };
            this.vertices.set(digest, state);
        }
        if (name)
            state.name = name;
        return state;
    }
    announce(state) {
        // Logs may name a vertex before its description arrives; announce it once it has a name.
        if (state.announced || state.name === '')
            return;
        state.announced = true;
        this.sink.info(`#${state.number} ${state.name}`);
    }
    line(state, line) {
        state.tail.push(line);
        if (state.tail.length > TAIL_LINES)
            state.tail.shift();
        this.sink.info(`#${state.number} ${line}`);
    }
    apply(update) {
        for (const vertex of update.vertexes) {
            const state = this.state(vertex.digest, vertex.name);
            if (vertex.started !== undefined || vertex.cached || vertex.error)
                this.announce(state);
            if (state.finished)
                continue;
            if (vertex.error) {
                this.flush(state);
                state.error = vertex.error;
                state.finished = true;
                this.sink.info(`#${state.number} ERROR: ${vertex.error}`);
            }
            else if (vertex.cached) {
                state.finished = true;
                this.sink.info(`#${state.number} CACHED`);
            }
            else if (vertex.completed !== undefined) {
                this.flush(state);
                state.finished = true;
                const seconds = vertex.started === undefined ? 0 : Math.max(0, vertex.completed - vertex.started);
                this.sink.info(`#${state.number} DONE ${seconds.toFixed(1)}s`);
            }
        }
        for (const log of update.logs) {
            const state = this.state(log.vertex, '');
            this.announce(state);
            const lines = (state.partial + log.data.toString('utf8')).split(/\r?\n/);
            state.partial = lines.pop() ?? '';
            for (const line of lines)
                this.line(state, line);
        }
        for (const warning of update.warnings) {
            const where = this.vertices.get(warning.vertex);
            this.sink.warning(`${where ? `#${where.number} ` : ''}${warning.short}${warning.detail.length > 0 ? `: ${warning.detail.join(' ')}` : ''}`);
        }
    }
    flush(state) {
        if (state.partial !== '') {
            const rest = state.partial;
            state.partial = '';
            this.line(state, rest);
        }
    }
    finish() {
        for (const state of this.vertices.values())
            this.flush(state);
    }
    /** The failed steps with their last output lines, for GateError details. */
    failureDetails() {
        const details = [];
        for (const state of this.vertices.values()) {
            if (!state.error)
                continue;
            details.push(`#${state.number} ${state.name}`, ...state.tail.map((l) => `#${state.number} ${l}`), `#${state.number} ERROR: ${state.error}`);
        }
        return details;
    }
}

;// CONCATENATED MODULE: ./build/adapters/docker/json-messages.js

/**
 * Splits the engine's newline-delimited JSON stream into messages. Objects may arrive split
 * across chunks; a line that is not JSON is passed on as plain output rather than dropped.
 */
async function* jsonMessages(source) {
    // A chunk may end inside a multi-byte character.
    const decoder = new external_node_string_decoder_.StringDecoder('utf8');
    let buffered = '';
    const parse = (line) => {
        const trimmed = line.trim();
        if (trimmed === '')
            return undefined;
        try {
            const value = JSON.parse(trimmed);
            return typeof value === 'object' && value !== null ? value : { stream: `${trimmed}\n` };
        }
        catch {
            return { stream: `${trimmed}\n` };
        }
    };
    for await (const chunk of source) {
        buffered += typeof chunk === 'string' ? chunk : decoder.write(chunk);
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
            const message = parse(buffered.slice(0, newline));
            buffered = buffered.slice(newline + 1);
            if (message)
                yield message;
            newline = buffered.indexOf('\n');
        }
    }
    const last = parse(buffered + decoder.end());
    if (last)
        yield last;
}
/** The error text of a message, if it reports one. */
function messageError(message) {
    const text = message.errorDetail?.message ?? message.error;
    return text === undefined || text === '' ? undefined : text;
}

;// CONCATENATED MODULE: ./build/adapters/docker/build-output.js


const STEP_TAIL_LINES = 60;
// The classic builder colours a step's stderr; details end up in issues and summaries.
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\u001b\[[0-9;]*[A-Za-z]/g;
const IMAGE_ID = /^sha256:[a-f0-9]{64}$/;
function auxImageId(aux) {
    const id = aux?.ID;
    return typeof id === 'string' && IMAGE_ID.test(id) ? id : undefined;
}
/**
 * Reads the /build message stream of either builder: prints it, and keeps what the
 * pipeline needs afterwards — the image ID and, on failure, the failing step's output.
 *  - classic builder: `{"stream":"Step 2/3 : RUN …"}` text, `{"aux":{"ID":"sha256:…"}}`;
 *  - BuildKit: `moby.buildkit.trace` progress and `{"id":"moby.image.id","aux":{"ID":…}}`.
 */
class BuildOutput {
    sink;
    imageId;
    errors = [];
    buildkit;
    partial = '';
    step = [];
    undecodable = 0;
    constructor(sink) {
        this.sink = sink;
        this.buildkit = new BuildKitProgress(sink);
    }
    handle(message) {
        if (message.id === 'moby.buildkit.trace') {
            if (typeof message.aux === 'string') {
                try {
                    this.buildkit.apply(decodeStatusResponse(Buffer.from(message.aux, 'base64')));
                }
                catch {
                    // Progress is informational; the build result does not depend on it.
                    if (this.undecodable++ === 0)
                        this.sink.warning('some BuildKit progress messages could not be decoded');
                }
            }
            return;
        }
        const id = auxImageId(message.aux);
        if (id !== undefined)
            this.imageId = id;
        if (typeof message.stream === 'string')
            this.text(message.stream);
        if (typeof message.status === 'string' && message.status !== '' && message.progress === undefined) {
            this.sink.info(message.id ? `${message.id}: ${message.status}` : message.status);
        }
        const error = messageError(message);
        if (error !== undefined) {
            this.errors.push(error);
            // BuildKit already printed the failing step's error under its number.
            if (!this.buildkit.failureDetails().some((line) => line.endsWith(`ERROR: ${error}`)))
                this.sink.info(`ERROR: ${error}`);
        }
    }
    text(chunk) {
        const lines = (this.partial + chunk).split(/\r?\n/);
        this.partial = lines.pop() ?? '';
        for (const line of lines)
            this.classicLine(line);
    }
    classicLine(line) {
        if (/^Step \d+\/\d+ : /.test(line))
            this.step = [];
        this.step.push(line);
        if (this.step.length > STEP_TAIL_LINES)
            this.step.splice(1, 1);
        this.sink.info(line);
    }
    finish() {
        if (this.partial !== '') {
            const rest = this.partial;
            this.partial = '';
            this.classicLine(rest);
        }
        this.buildkit.finish();
    }
    /** The failing step's output (BuildKit vertex or classic `Step` block) and the engine's error. */
    failureDetails() {
        const buildkit = this.buildkit.failureDetails();
        const step = buildkit.length > 0 ? buildkit : this.step;
        const errors = this.errors.filter((e) => !step.some((line) => line.includes(e)));
        return [...step, ...errors.map((e) => `ERROR: ${e}`)].map((line) => line.replace(ANSI_ESCAPE, ''));
    }
}

// EXTERNAL MODULE: external "node:http2"
var external_node_http2_ = __webpack_require__(32467);
;// CONCATENATED MODULE: ./build/adapters/docker/buildkit-session.js




/*
 * The BuildKit session, as moby/buildkit/session implements it: the client POSTs /session
 * with `Upgrade: h2c`, the engine hijacks the connection and becomes a gRPC *client* on it,
 * and we serve gRPC over HTTP/2 on our end. The build then names the session
 * (`session=<uuid>`), and `RUN --mount=type=secret` fetches each secret through
 * Secrets/GetSecret at the moment the step runs — the value is never part of the build
 * request, the Dockerfile, the layers or the history.
 */
const SESSION_ID_HEADER = 'X-Docker-Expose-Session-Uuid';
const SESSION_NAME_HEADER = 'X-Docker-Expose-Session-Name';
const SESSION_SHARED_KEY_HEADER = 'X-Docker-Expose-Session-Sharedkey';
const SESSION_METHOD_HEADER = 'X-Docker-Expose-Session-Grpc-Method';
const GET_SECRET_METHOD = '/moby.buildkit.secrets.v1.Secrets/GetSecret';
const HEALTH_CHECK_METHOD = '/grpc.health.v1.Health/Check';
/** BuildKit asks the session for registry credentials (cache-from imports); unanswered, it fails with "no active sessions". */
const CREDENTIALS_METHOD = '/moby.filesync.v1.Auth/Credentials';
const GRPC_OK = 0;
const GRPC_INVALID_ARGUMENT = 3;
const GRPC_NOT_FOUND = 5;
const GRPC_UNIMPLEMENTED = 12;
const HEALTH_SERVING = 1;
/** GetSecretRequest { string ID = 1; map<string,string> annotations = 2; } */
function decodeGetSecretRequest(message) {
    let id = '';
    for (const field of decodeFields(message)) {
        if (field.field === 1 && field.wireType === 2)
            id = field.value.toString('utf8');
    }
    return { id };
}
/** GetSecretResponse { bytes data = 1; } */
function encodeGetSecretResponse(data) {
    return encodeBytesField(1, data);
}
/** CredentialsRequest { string Host = 1; } */
function decodeCredentialsRequest(message) {
    let host = '';
    for (const field of decodeFields(message)) {
        if (field.field === 1 && field.wireType === 2)
            host = field.value.toString('utf8');
    }
    return { host };
}
/** CredentialsResponse { string Username = 1; string Secret = 2; } (empty: anonymous) */
function encodeCredentialsResponse(username, secret) {
    return Buffer.concat([...(username ? [encodeBytesField(1, username)] : []), ...(secret ? [encodeBytesField(2, secret)] : [])]);
}
/** HealthCheckResponse { ServingStatus status = 1; } */
function encodeHealthCheckResponse() {
    return encodeVarintField(1, HEALTH_SERVING);
}
function answer(path, body, secrets, requested, auth) {
    const [message] = grpcMessages(body);
    if (path === HEALTH_CHECK_METHOD)
        return { status: GRPC_OK, message: encodeHealthCheckResponse() };
    if (path === CREDENTIALS_METHOD) {
        if (message === undefined)
            return { status: GRPC_INVALID_ARGUMENT, error: 'empty request' };
        const { host } = decodeCredentialsRequest(message);
        // Only the registry the credentials belong to gets them; any other host is anonymous.
        const match = auth !== undefined && host.toLowerCase() === auth.server.toLowerCase();
        return { status: GRPC_OK, message: match ? encodeCredentialsResponse(auth.username, auth.password) : Buffer.alloc(0) };
    }
    if (path === GET_SECRET_METHOD) {
        if (message === undefined)
            return { status: GRPC_INVALID_ARGUMENT, error: 'empty request' };
        const { id } = decodeGetSecretRequest(message);
        requested.push(id);
        const value = secrets.get(id);
        // NotFound is what buildkit's own secret provider returns; a mount with required=false then skips.
        if (value === undefined)
            return { status: GRPC_NOT_FOUND, error: `secret ${id} not found` };
        return { status: GRPC_OK, message: encodeGetSecretResponse(value) };
    }
    return { status: GRPC_UNIMPLEMENTED, error: `method ${path} not implemented` };
}
function serveStream(stream, headers, secrets, requested, auth) {
    const path = String(headers[':path'] ?? '');
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('error', () => undefined);
    stream.on('end', () => {
        let reply;
        try {
            reply = answer(path, Buffer.concat(chunks), secrets, requested, auth);
        }
        catch (error) {
            reply = { status: GRPC_INVALID_ARGUMENT, error: error.message };
        }
        if (stream.destroyed || stream.closed)
            return;
        if ('message' in reply) {
            stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
            stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(GRPC_OK) }));
            stream.end(grpcFrame(reply.message));
        }
        else {
            // Trailers-only response: the status travels in the only HEADERS frame.
            stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(reply.status), 'grpc-message': encodeURIComponent(reply.error) }, { endStream: true });
        }
    });
}
/**
 * Opens a session that serves `secrets` (and the health check the engine polls every few
 * seconds). Close it once the build stream has ended.
 */
async function openBuildKitSession(endpoint, options) {
    const id = (0,external_node_crypto_.randomUUID)();
    const secrets = new Map(options.secrets.map((s) => [s.id, Buffer.from(s.value, 'utf8')]));
    const requested = [];
    const socket = await engineUpgrade(endpoint, {
        path: '/session',
        protocol: 'h2c',
        headers: {
            [SESSION_ID_HEADER]: id,
            [SESSION_NAME_HEADER]: options.name,
            [SESSION_SHARED_KEY_HEADER]: options.sharedKey,
            // One header line per method; the engine only routes calls to methods listed here.
            [SESSION_METHOD_HEADER]: [GET_SECRET_METHOD, HEALTH_CHECK_METHOD, CREDENTIALS_METHOD],
        },
        ...(options.signal && { signal: options.signal }),
    });
    const server = external_node_http2_.createServer();
    server.on('stream', (stream, headers) => serveStream(stream, headers, secrets, requested, options.registryAuth));
    // A broken session surfaces as a build error from the engine; nothing to report here.
    server.on('sessionError', () => undefined);
    socket.on('error', () => undefined);
    server.emit('connection', socket);
    let closed = false;
    return {
        id,
        requestedSecrets: requested,
        close() {
            if (closed)
                return;
            closed = true;
            secrets.clear();
            socket.destroy();
            server.close();
        },
    };
}

;// CONCATENATED MODULE: ./build/adapters/docker/image-facts.js


function engineFailure(address, imageId, error) {
    if (isConnectionError(error))
        return engineUnreachable(address, error);
    if (error.statusCode === 404) {
        return new gate_error/* GateError */.ue('image-not-found', `image ${imageId} is not in the Docker engine`, {
            cause: error,
            remedy: 'The image was removed between build and inspection (e.g. by a parallel prune); re-run the job.',
        });
    }
    return new gate_error/* GateError */.ue('docker-error', `could not inspect image ${imageId}: ${error.message}`, { cause: error });
}
/**
 * Facts about the built image for the hardening rules: config (user, healthcheck, env,
 * labels), size, and the history with the oldest step first (Dockerfile order; the engine
 * reports newest first).
 */
async function inspectImageFacts(docker, imageId, address) {
    const image = docker.getImage(imageId);
    let inspect;
    let history;
    try {
        inspect = (await image.inspect());
        history = (await image.history());
    }
    catch (error) {
        throw engineFailure(address, imageId, error);
    }
    if (inspect.Id !== imageId) {
        throw new gate_error/* GateError */.ue('image-not-found', `the engine returned image ${String(inspect.Id)} when asked for ${imageId}`, {
            remedy: 'Pass the full image ID (sha256:…) as returned by the build.',
        });
    }
    const config = inspect.Config ?? {};
    const test = config.Healthcheck?.Test;
    return {
        id: inspect.Id,
        user: config.User ?? '',
        healthcheck: test && test.length > 0 ? { test: [...test] } : undefined,
        env: [...(config.Env ?? [])],
        labels: { ...(config.Labels ?? {}) },
        sizeBytes: inspect.Size ?? 0,
        history: [...history].reverse().map((h) => ({ createdBy: h.CreatedBy ?? '' })),
        platform: { os: inspect.Os ?? '', architecture: inspect.Architecture ?? '', ...(inspect.Variant && { variant: inspect.Variant }) },
    };
}

;// CONCATENATED MODULE: ./build/adapters/docker/image-builder.js










const SECRET_MIN_LENGTH_FOR_SUBSTRING_CHECK = 4;
/** A secret must never travel as a build arg: that would put it in the image history. */
function assertSecretsNotInBuildArgs(buildArgs, secrets) {
    for (const [name, value] of Object.entries(buildArgs)) {
        const leaked = secrets.find((s) => s.value === value || (s.value.length >= SECRET_MIN_LENGTH_FOR_SUBSTRING_CHECK && value.includes(s.value)));
        if (leaked) {
            throw new gate_error/* GateError */.ue('input-error', `input 'build-args': ${name} carries the value of build secret '${leaked.id}'; build args are recorded in the image history`, {
                remedy: `Remove ${name} from build-args and read the secret in the Dockerfile with RUN --mount=type=secret,id=${leaked.id}.`,
            });
        }
    }
}
/**
 * 'default' means the engine's default network for build containers — the `bridge` network
 * on a standard engine, with outbound access. An engine started with `--bridge=none` has no
 * such network: its classic builder then gives RUN steps no network at all, while BuildKit
 * fails with "network bridge not found". We make BuildKit behave like the classic builder
 * there ('none'), and never widen to 'host' on our own.
 */
async function effectiveNetwork(engine, builder, requested, log) {
    if (requested !== 'default' || builder !== 'buildkit')
        return requested;
    try {
        await engine.docker.getNetwork('bridge').inspect();
        return 'default';
    }
    catch (error) {
        if (error.statusCode !== 404)
            throw error;
        log.warning(`the Docker engine has no default bridge network, so RUN steps get no network (network: none); set network: host if they need one`);
        return 'none';
    }
}
function postBuild(engine, archive, query, signal) {
    return new Promise((resolve, reject) => {
        engine.docker.modem.dial({
            path: '/build?',
            method: 'POST',
            file: archive.stream,
            options: query,
            isStream: true,
            statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
            ...(signal && { abortSignal: signal }),
        }, (error, response) => (error ? reject(error) : resolve(response)));
    });
}
function buildQuery(request, archive, builder, network, session) {
    return {
        dockerfile: archive.dockerfile,
        ...(request.localTags && request.localTags.length > 0 && { t: [...request.localTags] }),
        // BuildKit reads BUILDKIT_INLINE_CACHE itself; an undeclared build arg never reaches the image history.
        buildargs: request.cache?.inline ? { ...request.buildArgs, BUILDKIT_INLINE_CACHE: '1' } : request.buildArgs,
        // A JSON array in one parameter (docker-modem would repeat a plain array).
        ...(request.cache && request.cache.from.length > 0 && { cachefrom: JSON.stringify(request.cache.from) }),
        labels: request.labels,
        ...(request.target && { target: request.target }),
        ...(request.platform && { platform: request.platform }),
        nocache: request.noCache,
        networkmode: network,
        // Remove intermediate containers of the classic builder even when a step fails.
        rm: true,
        forcerm: true,
        version: builder === 'buildkit' ? '2' : '1',
        ...(session && { session: session.id }),
    };
}
/** Build output passes through here: a RUN step that prints a secret must not publish it. */
function redactingSink(sink, secrets) {
    const values = secrets.map((s) => s.value);
    if (values.length === 0)
        return sink;
    return { info: (line) => sink.info(redactSecrets(line, values)), warning: (line) => sink.warning(redactSecrets(line, values)) };
}
async function build(engine, request, unsafeLog, forced) {
    const log = redactingSink(unsafeLog, request.buildSecrets);
    const secretValues = request.buildSecrets.map((s) => s.value);
    const needsBuildKit = request.buildSecrets.length > 0;
    const builder = forced ?? chooseBuilder(engine.info, needsBuildKit);
    if (builder === 'classic' && needsBuildKit) {
        throw new gate_error/* GateError */.ue('docker-error', 'build-secrets need BuildKit, but the classic builder was selected', {
            remedy: 'Secrets are only ever delivered through a BuildKit session; use an engine with BuildKit or remove build-secrets.',
        });
    }
    assertSecretsNotInBuildArgs(request.buildArgs, request.buildSecrets);
    let network;
    try {
        network = await effectiveNetwork(engine, builder, request.network, log);
    }
    catch (error) {
        throw isConnectionError(error) ? engineUnreachable(engine.info.address, error) : error;
    }
    const archive = await createContextArchive({
        context: request.context,
        dockerfile: request.dockerfile,
        mtimeEpochSeconds: request.mtimeEpochSeconds,
    });
    const tracked = trackArchive(archive);
    let session;
    const output = new BuildOutput(log);
    log.info(`building ${request.dockerfile} in ${request.context} with ${builder === 'buildkit' ? 'BuildKit' : 'the classic builder'} (network: ${network})`);
    if (request.cache && (request.cache.from.length > 0 || request.cache.inline)) {
        log.info(`build cache: ${request.cache.from.length > 0 ? `reusing ${request.cache.from.join(', ')} where it exists` : 'no cache-from'}${request.cache.inline ? '; inline cache written into the image' : ''}`);
    }
    try {
        // BuildKit fetches registry credentials through the session, so cache-from needs one too.
        const readsCache = builder === 'buildkit' && request.cache !== undefined && request.cache.from.length > 0;
        if (needsBuildKit || readsCache) {
            const contextId = (0,external_node_crypto_.createHash)('sha256').update(external_node_path_.resolve(request.context)).digest('hex').slice(0, 24);
            try {
                session = await openBuildKitSession(engine.endpoint, {
                    secrets: request.buildSecrets,
                    name: 'container-security-gate',
                    sharedKey: contextId,
                    ...(request.signal && { signal: request.signal }),
                    ...(readsCache && request.registryAuth?.password && { registryAuth: request.registryAuth }),
                });
            }
            catch (error) {
                tracked.abandon();
                if (isConnectionError(error))
                    throw engineUnreachable(engine.info.address, error);
                throw new gate_error/* GateError */.ue('docker-error', `could not open a BuildKit session for ${needsBuildKit ? 'build-secrets' : 'cache-from'}: ${error.message}`, {
                    cause: error,
                    remedy: 'The engine must support POST /session (Docker 18.09+ on Linux).',
                });
            }
        }
        let response;
        try {
            response = await postBuild(engine, archive, buildQuery(request, archive, builder, network, session), request.signal);
        }
        catch (error) {
            await tracked.rethrowOwnFailure();
            if (isConnectionError(error))
                throw engineUnreachable(engine.info.address, error);
            const status = error.statusCode;
            const message = error.json?.message ?? error.message;
            throw new gate_error/* GateError */.ue('build-error', `the Docker engine rejected the build${status ? ` (HTTP ${status})` : ''}: ${String(message).trim()}`, {
                cause: error,
                remedy: 'Check the dockerfile, target and build-args inputs.',
            });
        }
        try {
            for await (const message of jsonMessages(response))
                output.handle(message);
        }
        catch (error) {
            await tracked.rethrowOwnFailure();
            throw isConnectionError(error)
                ? engineUnreachable(engine.info.address, error)
                : new gate_error/* GateError */.ue('docker-error', `the build output stream broke: ${error.message}`, { cause: error });
        }
        output.finish();
    }
    finally {
        session?.close();
    }
    if (session && needsBuildKit) {
        const unused = request.buildSecrets.map((s) => s.id).filter((id) => !session.requestedSecrets.includes(id));
        if (unused.length > 0)
            log.info(`build secrets not requested by any RUN step (or their steps were cached): ${unused.join(', ')}`);
    }
    await tracked.rethrowOwnFailure();
    if (output.errors.length > 0) {
        throw new gate_error/* GateError */.ue('build-error', redactSecrets(`the image build failed: ${output.errors[output.errors.length - 1]}`, secretValues), {
            details: output.failureDetails().map((line) => redactSecrets(line, secretValues)),
            remedy: 'Fix the failing Dockerfile step shown in the details.',
        });
    }
    if (output.imageId === undefined) {
        throw new gate_error/* GateError */.ue('build-error', 'the Docker engine finished the build without reporting an image ID', {
            details: output.failureDetails().map((line) => redactSecrets(line, secretValues)),
            remedy: 'Re-run the job; if it persists, report the engine version with the log.',
        });
    }
    return { imageId: output.imageId, builder, network };
}
/**
 * When the build request fails, the cause may be our own archive (an unreadable file):
 * that error explains more than the engine's "unexpected EOF", so it wins. Otherwise the
 * archive is abandoned so that its writer does not wait for a reader that has gone.
 */
function trackArchive(archive) {
    let failure;
    let abandoned = false;
    archive.done.catch((error) => {
        if (!abandoned)
            failure = error;
    });
    const abandon = () => {
        if (abandoned)
            return;
        abandoned = true;
        archive.stream.destroy();
    };
    return {
        abandon,
        async rethrowOwnFailure() {
            // Let a pending archive rejection land before deciding whose failure this is.
            await new Promise((resolve) => setImmediate(resolve));
            if (failure !== undefined)
                throw failure;
            abandon();
        },
    };
}
function createDockerImageBuilder(engine, options = {}) {
    return {
        buildImage: (request, log) => build(engine, request, log, options.builder),
        inspectImageFacts: (imageId) => inspectImageFacts(engine.docker, imageId, engine.info.address),
    };
}

;// CONCATENATED MODULE: ./build/adapters/docker/tar-index.js


const tar_index_BLOCK = 512;
function field(header, start, length) {
    const raw = header.subarray(start, start + length);
    const end = raw.indexOf(0);
    return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}
function tar_index_octal(header, start, length) {
    // Base-256 (GNU) for sizes beyond 8 GiB: high bit of the first byte set.
    if ((header[start] & 0x80) !== 0) {
        let value = header[start] & 0x7f;
        for (let i = start + 1; i < start + length; i++)
            value = value * 256 + header[i];
        return value;
    }
    const text = field(header, start, length).trim();
    if (text === '')
        return 0;
    if (!/^[0-7]+$/.test(text))
        throw new Error(`tar header field is not octal: ${JSON.stringify(text)}`);
    return parseInt(text, 8);
}
/** PAX extended header records: `<length> <key>=<value>\n`. */
function paxRecords(content) {
    const records = new Map();
    let at = 0;
    while (at < content.length) {
        const space = content.indexOf(0x20, at);
        if (space === -1)
            break;
        const length = Number(content.subarray(at, space).toString('ascii'));
        if (!Number.isInteger(length) || length <= 0 || at + length > content.length)
            throw new Error('malformed PAX record in tar stream');
        const record = content.subarray(space + 1, at + length - 1).toString('utf8');
        const equals = record.indexOf('=');
        if (equals > 0)
            records.set(record.slice(0, equals), record.slice(equals + 1));
        at += length;
    }
    return records;
}
/**
 * A pass-through stream that indexes the tar flowing through it; `entries` is complete once
 * the stream has ended (a stream that ends inside an entry fails).
 */
class TarIndexer extends external_node_stream_.Transform {
    keepBytes;
    entries = new Map();
    position = 0;
    header = Buffer.alloc(0);
    current;
    padding = 0;
    paxPath;
    paxSize;
    longName;
    constructor(keepBytes, highWaterMark) {
        super(highWaterMark === undefined ? {} : { highWaterMark });
        this.keepBytes = keepBytes;
    }
    _transform(chunk, _encoding, done) {
        try {
            this.index(chunk);
        }
        catch (error) {
            done(error);
            return;
        }
        done(null, chunk);
    }
    _flush(done) {
        done(this.current !== undefined || this.padding > 0 ? new Error('the tar stream ended inside an entry') : null);
    }
    index(chunk) {
        let at = 0;
        while (at < chunk.length) {
            const current = this.current;
            if (current !== undefined) {
                const n = Math.min(current.remaining, chunk.length - at);
                const piece = chunk.subarray(at, at + n);
                current.hash?.update(piece);
                current.chunks?.push(piece);
                current.remaining -= n;
                at += n;
                if (current.remaining === 0)
                    this.finish(current);
                continue;
            }
            if (this.padding > 0) {
                const n = Math.min(this.padding, chunk.length - at);
                this.padding -= n;
                at += n;
                continue;
            }
            const n = Math.min(tar_index_BLOCK - this.header.length, chunk.length - at);
            this.header = this.header.length === 0 && n === tar_index_BLOCK ? chunk.subarray(at, at + n) : Buffer.concat([this.header, chunk.subarray(at, at + n)]);
            at += n;
            if (this.header.length === tar_index_BLOCK) {
                const header = this.header;
                this.header = Buffer.alloc(0);
                this.startEntry(header, this.position + at);
            }
        }
        this.position += chunk.length;
    }
    startEntry(header, contentOffset) {
        if (header.every((byte) => byte === 0))
            return; // end-of-archive blocks
        const type = String.fromCharCode(header[156]);
        let size = tar_index_octal(header, 124, 12);
        const kind = type === '0' || type === '\0' ? 'file' : type === 'x' ? 'pax' : type === 'L' ? 'longname' : 'skip';
        let name;
        if (kind === 'file') {
            const prefix = field(header, 257, 6) === 'ustar' ? field(header, 345, 155) : '';
            name = this.paxPath ?? this.longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
            size = this.paxSize ?? size;
            this.paxPath = this.paxSize = this.longName = undefined;
        }
        const keep = kind === 'pax' || kind === 'longname' || (kind === 'file' && size <= this.keepBytes);
        const current = {
            name,
            kind,
            offset: contentOffset,
            size,
            remaining: size,
            hash: kind === 'file' ? (0,external_node_crypto_.createHash)('sha256') : undefined,
            chunks: keep ? [] : undefined,
        };
        if (size === 0)
            this.finish(current);
        else
            this.current = current;
    }
    finish(current) {
        this.current = undefined;
        this.padding = (tar_index_BLOCK - (current.size % tar_index_BLOCK)) % tar_index_BLOCK;
        const content = current.chunks ? Buffer.concat(current.chunks) : undefined;
        if (current.kind === 'pax') {
            const records = paxRecords(content);
            this.paxPath = records.get('path') ?? this.paxPath;
            const size = records.get('size');
            if (size !== undefined)
                this.paxSize = Number(size);
        }
        else if (current.kind === 'longname') {
            this.longName = content.toString('utf8').replace(/\0+$/, '');
        }
        else if (current.kind === 'file' && current.name !== undefined) {
            const name = current.name.replace(/^\.\//, '');
            this.entries.set(name, {
                offset: current.offset,
                size: current.size,
                digest: `sha256:${current.hash.digest('hex')}`,
                ...(content && { bytes: content }),
            });
        }
    }
}

;// CONCATENATED MODULE: ./build/adapters/docker/image-export.js










/** Entries kept in memory (manifest.json, the config); larger ones are only hashed and indexed. */
const SMALL_ENTRY = 4 * 1024 * 1024;
/** Bytes of the export buffered between the engine's socket and the archive file. */
const WRITE_BUFFER = 4 * 1024 * 1024;
const sha256 = (bytes) => `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
function hashing(hash, count) {
    return new external_node_stream_.Transform({
        transform(chunk, _encoding, done) {
            hash.update(chunk);
            if (count)
                count.bytes += chunk.length;
            done(null, chunk);
        },
    });
}
/** Indexes the export as it streams by, writing it to `archive` (created, never overwritten) when there is one. */
async function readEntries(response, archive) {
    const index = new TarIndexer(SMALL_ENTRY, WRITE_BUFFER);
    // With the default 16 KiB buffer every 64 KiB socket read waits for its file write before the
    // next read: the export ran ~25% slower than the engine could stream it.
    const sink = archive === undefined ? new external_node_stream_.Writable({ write: (_chunk, _encoding, done) => done() }) : (0,external_node_fs_.createWriteStream)(archive, { flags: 'wx', mode: 0o600, highWaterMark: WRITE_BUFFER });
    await (0,external_node_stream_promises_.pipeline)(response, index, sink);
    return index.entries;
}
function exportMismatch(imageId, what) {
    return new gate_error/* GateError */.ue('push-error', `the engine's export of ${imageId} ${what}; nothing was pushed`, {
        remedy: 'The image in the engine is not the one that was scanned (or its export is damaged). Re-run the job; if it persists, check what else uses this Docker engine.',
    });
}
/** Checks the export against the scanned image ID and returns its config and layers. */
function verifyExport(imageId, entries, archive) {
    const manifestBytes = entries.get('manifest.json')?.bytes;
    if (manifestBytes === undefined)
        throw exportMismatch(imageId, 'has no manifest.json');
    let manifest;
    try {
        manifest = JSON.parse(manifestBytes.toString('utf8'));
    }
    catch {
        throw exportMismatch(imageId, 'has a manifest.json that is not JSON');
    }
    if (!Array.isArray(manifest) || manifest.length !== 1)
        throw exportMismatch(imageId, `describes ${Array.isArray(manifest) ? manifest.length : 'no'} images instead of one`);
    const { Config: configName, Layers: layerNames } = manifest[0];
    if (typeof configName !== 'string' || !Array.isArray(layerNames) || !layerNames.every((l) => typeof l === 'string')) {
        throw exportMismatch(imageId, 'has a manifest.json without Config and Layers');
    }
    const config = entries.get(configName)?.bytes;
    if (config === undefined)
        throw exportMismatch(imageId, `lacks its config ${configName}`);
    const configDigest = sha256(config);
    if (configDigest !== imageId)
        throw exportMismatch(imageId, `has config ${configDigest}, not the scanned image`);
    let diffIds;
    try {
        diffIds = JSON.parse(config.toString('utf8')).rootfs?.diff_ids;
    }
    catch {
        throw exportMismatch(imageId, 'has a config that is not JSON');
    }
    if (!Array.isArray(diffIds) || diffIds.length !== layerNames.length) {
        throw exportMismatch(imageId, `lists ${layerNames.length} layers but its config names ${Array.isArray(diffIds) ? diffIds.length : 'no'} diff_ids`);
    }
    const layers = layerNames.map((name, i) => {
        const entry = entries.get(name);
        if (entry === undefined)
            throw exportMismatch(imageId, `lacks layer ${name}`);
        if (entry.digest !== diffIds[i]) {
            throw exportMismatch(imageId, `has layer ${i + 1} with content ${entry.digest}, but the config names ${String(diffIds[i])} (an image store with compressed layers, such as containerd's, is not supported yet)`);
        }
        return { diffId: entry.digest, size: entry.size, offset: entry.offset };
    });
    return { config, configDigest, archive, layers };
}
/**
 * Gzips a layer of the export `archive` into `path` (created, never overwritten), hashing what
 * it reads: the bytes compressed must still be the layer the export verified.
 */
async function compressLayer(archive, layer, path) {
    const raw = (0,external_node_crypto_.createHash)('sha256');
    const compressed = (0,external_node_crypto_.createHash)('sha256');
    const count = { bytes: 0 };
    const bytes = layer.size === 0 ? external_node_stream_.Readable.from([]) : (0,external_node_fs_.createReadStream)(archive, { start: layer.offset, end: layer.offset + layer.size - 1 });
    await (0,external_node_stream_promises_.pipeline)(bytes, hashing(raw), (0,external_node_zlib_.createGzip)({ level: 6 }), hashing(compressed, count), (0,external_node_fs_.createWriteStream)(path, { flags: 'wx', mode: 0o600 }));
    const read = `sha256:${raw.digest('hex')}`;
    if (read !== layer.diffId) {
        throw new gate_error/* GateError */.ue('push-error', `layer ${layer.diffId} changed in the work directory before it was compressed (read ${read}); nothing was pushed`, {
            remedy: 'Something else writes to this runner\'s temporary directory. Re-run the job; on a shared self-hosted runner, give each job its own RUNNER_TEMP.',
        });
    }
    return { digest: `sha256:${compressed.digest('hex')}`, size: count.bytes, path };
}
/**
 * Streams `GET /images/{imageId}/get` into `workDir` (a private directory the caller owns
 * and removes) and verifies it. Any failure is a push-error: nothing has been uploaded yet.
 */
async function exportImage(engine, imageId, workDir, signal, keep = 'archive') {
    let response;
    try {
        response = await engineRequest(engine.endpoint, { method: 'GET', path: `/images/${encodeURIComponent(imageId)}/get`, ...(signal && { signal }) });
    }
    catch (error) {
        if (isConnectionError(error))
            throw engineUnreachable(engine.info.address, error);
        throw new gate_error/* GateError */.ue('push-error', `could not export ${imageId} from the engine: ${error.message}`, { cause: error });
    }
    if (response.statusCode !== 200) {
        const body = await readBody(response, 64 * 1024).catch(() => '');
        let message = body.trim();
        try {
            message = JSON.parse(body).message ?? message;
        }
        catch {
            // plain text
        }
        // dockerd 20.10 answers a missing image ID with 500 and "no such file or directory".
        const missing = response.statusCode === 404 || /no such (file|image)|not found|does not exist/i.test(message);
        throw new gate_error/* GateError */.ue(missing ? 'image-not-found' : 'push-error', `the engine could not export ${imageId} (HTTP ${response.statusCode}): ${message}`, {
            remedy: missing ? 'The image was removed between the scan and the push (e.g. by a parallel prune); re-run the job.' : 'Check the Docker engine (`docker save` of the image ID).',
        });
    }
    const archive = keep === 'archive' ? (0,external_node_path_.join)(workDir, imageId) : undefined;
    let entries;
    try {
        entries = await readEntries(response, archive);
    }
    catch (error) {
        if (isConnectionError(error))
            throw engineUnreachable(engine.info.address, error);
        throw new gate_error/* GateError */.ue('push-error', `reading the engine's export of ${imageId} failed: ${error.message}`, { cause: error });
    }
    return verifyExport(imageId, entries, archive);
}
/**
 * The layers (diff_ids) the engine says `imageId` has, from its inspect: enough to know, before
 * exporting, whether the registry already holds every one. Only a hint for how to export: the
 * export itself is checked against the config it carries.
 */
async function imageDiffIds(engine, imageId) {
    const inspect = (await engine.docker.getImage(imageId).inspect());
    const layers = inspect.RootFS?.Layers;
    if (inspect.Id !== imageId || !Array.isArray(layers) || !layers.every((layer) => typeof layer === 'string')) {
        throw new Error(`the engine's inspect of ${imageId} names no layers`);
    }
    return layers;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ./build/adapters/registry/known-layers.js
const GZIP_LAYER_TYPES = new Set(['application/vnd.oci.image.layer.v1.tar+gzip', 'application/vnd.docker.image.rootfs.diff.tar.gzip']);
/** Image configs are a few KiB; a larger blob is not read as one. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
/** An image config's rootfs.diff_ids as it wrote them, or undefined when the bytes are not a config. */
function diffIdsOf(configBytes) {
    try {
        const diffIds = JSON.parse(configBytes.toString('utf8')).rootfs?.diff_ids;
        return Array.isArray(diffIds) ? diffIds : undefined;
    }
    catch {
        return undefined;
    }
}
/** diff_id → blob for each gzip layer of one image manifest and its config; empty when they do not line up. */
function layersByDiffId(manifestBytes, configBytes) {
    const known = new Map();
    let manifest;
    try {
        manifest = JSON.parse(manifestBytes.toString('utf8'));
    }
    catch {
        return known;
    }
    const layers = manifest.layers;
    const diffIds = diffIdsOf(configBytes);
    if (!Array.isArray(layers) || diffIds === undefined || layers.length !== diffIds.length)
        return known;
    layers.forEach((layer, i) => {
        const diffId = diffIds[i];
        const { mediaType, digest, size } = layer ?? {};
        if (typeof diffId !== 'string' || typeof digest !== 'string' || typeof size !== 'number' || !GZIP_LAYER_TYPES.has(String(mediaType)))
            return;
        if (!/^sha256:[0-9a-f]{64}$/.test(digest) || !/^sha256:[0-9a-f]{64}$/.test(diffId))
            return;
        known.set(diffId, { digest, size });
    });
    return known;
}
/** What the manifests under `references` (tags or digests in `location`) say about layers already there. */
async function knownLayers(client, location, references) {
    const known = new Map();
    const configs = new Set();
    for (const reference of new Set(references)) {
        try {
            const manifest = await client.findManifest({ ...location, reference });
            // Not published yet, or an index (configDigest is only set for an image manifest).
            if (manifest?.configDigest === undefined || configs.has(manifest.configDigest))
                continue;
            configs.add(manifest.configDigest);
            const config = await client.getBlob(location, manifest.configDigest, MAX_CONFIG_BYTES);
            for (const [diffId, layer] of layersByDiffId(manifest.bytes, config))
                if (!known.has(diffId))
                    known.set(diffId, layer);
        }
        catch {
            // Unreadable: an optimisation never fails the push; those layers are compressed and uploaded as usual.
        }
    }
    return known;
}
/** The image when `location` has its config (digest = `imageId`) and a known blob for every diff_id it names; else undefined. */
async function heldImage(client, location, imageId, known, onRetry) {
    if (known.size === 0 || !(await client.hasBlob(location, imageId, onRetry)))
        return undefined;
    // getBlob refuses bytes that do not hash to imageId.
    const config = await client.getBlob(location, imageId, MAX_CONFIG_BYTES);
    const diffIds = diffIdsOf(config);
    if (diffIds === undefined || diffIds.length === 0)
        return undefined;
    const layers = [];
    for (const diffId of diffIds) {
        const layer = typeof diffId === 'string' ? known.get(diffId) : undefined;
        if (layer === undefined || !(await client.hasBlob(location, layer.digest, onRetry)))
            return undefined;
        layers.push(layer);
    }
    return { config, layers };
}

// EXTERNAL MODULE: ./build/domain/attest/referrers-layout.js
var referrers_layout = __webpack_require__(99554);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
;// CONCATENATED MODULE: ./build/adapters/registry/registry-address.js

/*
 * Where a registry's HTTP API lives. Docker talks plain HTTP to registries on loopback
 * addresses (127.0.0.0/8 and ::1 are "insecure registries" by default) and HTTPS to
 * everything else; we do the same, and nothing more permissive.
 */
/** `127.0.0.1:5000` → `127.0.0.1`, `[::1]:5000` → `::1`, `ghcr.io` → `ghcr.io`. */
function hostOf(registry) {
    const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(registry);
    if (bracketed)
        return bracketed[1].toLowerCase();
    return registry.replace(/:\d+$/, '').toLowerCase();
}
function isLoopbackHost(host) {
    const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
    if (bare === 'localhost')
        return true;
    if ((0,external_node_net_.isIP)(bare) === 4)
        return bare.startsWith('127.');
    if ((0,external_node_net_.isIP)(bare) === 6)
        return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
    return false;
}
/** Base URL of the Distribution API for a registry host as written in references. */
function registryBaseUrl(registry) {
    if (registry === 'docker.io' || registry === 'index.docker.io')
        return 'https://registry-1.docker.io';
    return `${isLoopbackHost(hostOf(registry)) ? 'http' : 'https'}://${registry}`;
}
/** A URL we may send credentials to: HTTPS, or HTTP on a loopback host. */
function isTrustedForCredentials(url) {
    if (url.protocol === 'https:')
        return true;
    return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

;// CONCATENATED MODULE: ./build/adapters/registry/retry.js
const realSleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));
/** Exponential backoff without jitter: one runner, one registry — nothing to de-synchronise. */
const DEFAULT_RETRY_DELAYS_MS = [1000, 2000, 4000];
/**
 * Runs `attempt` until it succeeds, it fails with a non-transient error, or the retries
 * are used up; the last error is rethrown unchanged.
 */
async function withRetry(policy, attempt, isTransient, onRetry = () => undefined) {
    for (let n = 1;; n++) {
        try {
            return await attempt(n);
        }
        catch (error) {
            const delay = policy.delaysMs[n - 1];
            if (delay === undefined || !isTransient(error))
                throw error;
            onRetry(error, delay, n);
            await policy.sleep(delay);
        }
    }
}
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
/** Network-level failures worth another attempt (the error or its cause carries the code). */
function isTransientNetworkError(error) {
    for (let e = error, depth = 0; e !== undefined && e !== null && depth < 5; e = e.cause, depth++) {
        const code = e.code;
        if (typeof code === 'string' && TRANSIENT_CODES.has(code))
            return true;
    }
    return false;
}
/** 5xx and 429 answers: the registry is struggling, not refusing. */
function isTransientStatus(status) {
    return status >= 500 || status === 429 || status === 408;
}

;// CONCATENATED MODULE: ./build/adapters/registry/www-authenticate.js
/**
 * Parses `Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:a/b:pull"`
 * and `Basic realm="registry"`, including several challenges in one header and quoted
 * values with commas or escaped quotes.
 */
function parseWwwAuthenticate(header) {
    const challenges = [];
    let i = 0;
    const skipSpace = () => {
        while (i < header.length && /[\s,]/.test(header[i]))
            i++;
    };
    const token = () => {
        const start = i;
        while (i < header.length && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(header[i]))
            i++;
        return header.slice(start, i);
    };
    while (i < header.length) {
        skipSpace();
        const scheme = token();
        if (scheme === '') {
            i++;
            continue;
        }
        const challenge = { scheme: scheme.toLowerCase(), params: {} };
        challenges.push(challenge);
        for (;;) {
            skipSpace();
            const mark = i;
            const name = token();
            while (header[i] === ' ')
                i++;
            if (name === '' || header[i] !== '=') {
                // Not a parameter: the next challenge's scheme starts here.
                i = mark;
                break;
            }
            i++;
            while (header[i] === ' ')
                i++;
            let value = '';
            if (header[i] === '"') {
                i++;
                while (i < header.length && header[i] !== '"') {
                    if (header[i] === '\\' && i + 1 < header.length)
                        i++;
                    value += header[i];
                    i++;
                }
                i++;
            }
            else {
                value = token();
            }
            challenge.params[name.toLowerCase()] = value;
        }
    }
    return challenges;
}

;// CONCATENATED MODULE: ./build/adapters/registry/registry-client.js








/*
 * A small client for the OCI Distribution API: read manifests, and push blobs and manifests
 * (the gate pushes the scanned image itself, see image-publisher.ts). Authentication follows
 * the registry's 401 challenge: Basic (distribution with htpasswd), or the Bearer token
 * flow (GHCR, Docker Hub) — GET <realm>?service=…&scope=repository:<repo>:pull with the
 * credentials as Basic auth, then the token as Bearer. Pushing asks for `pull,push`.
 */
const MANIFEST_MEDIA_TYPES = [
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.index.v1+json',
];
const IMAGE_MANIFEST_TYPES = new Set([MANIFEST_MEDIA_TYPES[0], MANIFEST_MEDIA_TYPES[1]]);
/** A failure worth retrying: 5xx/429 answers and dropped connections. */
class TransientRegistryError extends Error {
    status;
    constructor(message, status) {
        super(message);
        this.status = status;
        this.name = 'TransientRegistryError';
    }
}
function basic(credentials) {
    return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}
async function errorText(response) {
    const body = await response.text().catch(() => '');
    try {
        const parsed = JSON.parse(body);
        const first = parsed.errors?.[0];
        if (first)
            return `${first.code ?? ''}${first.message ? `: ${first.message}` : ''}`.trim();
    }
    catch {
        // not JSON
    }
    return body.trim().slice(0, 200) || `HTTP ${response.status}`;
}
function createRegistryClient(options = {}) {
    const doFetch = options.fetch ?? fetch;
    const policy = { delaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS, sleep: options.sleep ?? realSleep };
    const timeoutMs = options.timeoutMs ?? 60_000;
    /**
     * One HTTP exchange; redirects are followed by hand (GET and HEAD only) so credentials
     * never cross origins. A body is sent as given; `duplex` lets fetch stream a Readable.
     */
    const send = async (url, headers, options = {}) => {
        let current = url;
        let currentHeaders = headers;
        const method = options.method ?? 'GET';
        for (let hop = 0; hop < 5; hop++) {
            let response;
            try {
                const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : external_node_stream_.Readable.toWeb(options.body);
                response = await doFetch(current, {
                    method,
                    headers: currentHeaders,
                    redirect: 'manual',
                    signal: AbortSignal.timeout(options.timeoutMs ?? timeoutMs),
                    ...(body !== undefined && { body, duplex: 'half' }),
                });
            }
            catch (error) {
                if (isTransientNetworkError(error) || error.name === 'TimeoutError') {
                    throw new TransientRegistryError(`cannot reach ${current.host}: ${error.message}`, undefined);
                }
                throw error;
            }
            if (isTransientStatus(response.status)) {
                const text = await errorText(response);
                throw new TransientRegistryError(`${current.host} answered HTTP ${response.status}: ${text}`, response.status);
            }
            const location = response.headers.get('location');
            if (response.status >= 300 && response.status < 400 && location && (method === 'GET' || method === 'HEAD')) {
                await response.body?.cancel();
                const next = new URL(location, current);
                if (next.origin !== current.origin) {
                    const { authorization: _dropped, ...rest } = currentHeaders;
                    currentHeaders = rest;
                }
                current = next;
                continue;
            }
            return response;
        }
        throw new gate_error/* GateError */.ue('push-error', `too many redirects from ${url.host}`);
    };
    const fetchToken = async (challenge, request, access) => {
        const realm = challenge.params.realm;
        if (!realm)
            throw new gate_error/* GateError */.ue('push-error', `registry ${request.registry} sent a Bearer challenge without a realm`);
        const url = new URL(realm);
        if (request.credentials && !isTrustedForCredentials(url)) {
            throw new gate_error/* GateError */.ue('registry-auth', `registry ${request.registry} asks for credentials at ${url.origin}, which is neither HTTPS nor a loopback address`, {
                remedy: 'Refusing to send the password in clear text; check the registry address.',
            });
        }
        if (challenge.params.service)
            url.searchParams.set('service', challenge.params.service);
        url.searchParams.set('scope', `repository:${request.repository}:${access === 'push' ? 'pull,push' : 'pull'}`);
        const headers = { accept: 'application/json' };
        if (request.credentials)
            headers.authorization = basic(request.credentials);
        const response = await send(url, headers);
        if (response.status === 401 || response.status === 403) {
            throw registryAuthError({
                registry: request.registry,
                repository: request.repository,
                username: request.credentials?.username ?? '',
                access,
                detail: `token service ${url.host} answered HTTP ${response.status}: ${await errorText(response)}`,
            });
        }
        if (!response.ok)
            throw new gate_error/* GateError */.ue('push-error', `token service ${url.host} answered HTTP ${response.status}: ${await errorText(response)}`);
        const body = (await response.json());
        const token = body.token ?? body.access_token;
        if (!token)
            throw new gate_error/* GateError */.ue('push-error', `token service ${url.host} returned no token`);
        return token;
    };
    /** Authorization that worked for this repository and access, reused so a body is sent once. */
    const authorizations = new Map();
    /**
     * A request that may need credentials: first with what worked before, then — on a 401 —
     * answering the challenge (Bearer token for the repository scope, or Basic) and once more
     * with a fresh body. 401/403 after that name the registry and the access that was refused.
     */
    const authorized = async (location, access, url, headers, options = {}) => {
        const key = `${location.registry}/${location.repository}:${access}`;
        const attempt = (authorization) => {
            // Credentials go only to the registry's own origin (upload Locations may point elsewhere).
            const sameOrigin = url.origin === new URL(registryBaseUrl(location.registry)).origin;
            const withAuth = authorization !== undefined && sameOrigin ? { ...headers, authorization } : headers;
            return send(url, withAuth, {
                ...(options.method !== undefined && { method: options.method }),
                ...(options.body !== undefined && { body: options.body() }),
                ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
            });
        };
        let response = await attempt(authorizations.get(key));
        if (response.status === 401) {
            const challenges = parseWwwAuthenticate(response.headers.get('www-authenticate') ?? '');
            await response.body?.cancel();
            const bearer = challenges.find((c) => c.scheme === 'bearer');
            const basicChallenge = challenges.find((c) => c.scheme === 'basic');
            let authorization;
            if (bearer) {
                authorization = `Bearer ${await fetchToken(bearer, location, access)}`;
            }
            else if (basicChallenge && location.credentials) {
                if (!isTrustedForCredentials(url))
                    throw new gate_error/* GateError */.ue('registry-auth', `refusing to send credentials to ${url.origin} over plain HTTP`);
                authorization = basic(location.credentials);
            }
            if (authorization !== undefined) {
                authorizations.set(key, authorization);
                response = await attempt(authorization);
            }
        }
        if (response.status === 401 || response.status === 403) {
            throw registryAuthError({
                registry: location.registry,
                repository: location.repository,
                username: location.credentials?.username ?? '',
                access,
                detail: `HTTP ${response.status} ${await errorText(response)}`,
            });
        }
        return response;
    };
    const v2 = (location, path) => new URL(`${registryBaseUrl(location.registry)}/v2/${location.repository}/${path}`);
    const getOnce = async (request, ifMissing = 'throw') => {
        const response = await authorized(request, 'pull', v2(request, `manifests/${request.reference}`), { accept: MANIFEST_MEDIA_TYPES.join(', ') });
        if (response.status === 404 && ifMissing === 'undefined') {
            await response.body?.cancel();
            return undefined;
        }
        if (response.status === 404) {
            throw new gate_error/* GateError */.ue('push-error', `registry ${request.registry} has no manifest ${request.repository}:${request.reference}: ${await errorText(response)}`);
        }
        if (!response.ok) {
            throw new gate_error/* GateError */.ue('push-error', `registry ${request.registry} answered HTTP ${response.status} for ${request.repository}:${request.reference}: ${await errorText(response)}`);
        }
        const bytes = Buffer.from(await response.arrayBuffer());
        const digest = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
        let parsed;
        try {
            parsed = JSON.parse(bytes.toString('utf8'));
        }
        catch {
            throw new gate_error/* GateError */.ue('push-error', `registry ${request.registry} served a manifest for ${request.repository}:${request.reference} that is not JSON`);
        }
        const mediaType = (response.headers.get('content-type') ?? '').split(';')[0].trim() || parsed.mediaType || '';
        return {
            digest,
            headerDigest: response.headers.get('docker-content-digest') ?? undefined,
            mediaType,
            bytes,
            configDigest: IMAGE_MANIFEST_TYPES.has(mediaType) || IMAGE_MANIFEST_TYPES.has(parsed.mediaType ?? '') ? parsed.config?.digest : undefined,
        };
    };
    /** Retries transient failures; anything else unexpected becomes a push-error without secrets. */
    const retried = async (location, what, operation, onRetry) => {
        const secrets = location.credentials ? [location.credentials.password] : [];
        try {
            return await withRetry(policy, operation, (error) => error instanceof TransientRegistryError, (error, delay, attempt) => onRetry?.(`${what} failed (attempt ${attempt}): ${redactSecrets(error.message, secrets)}; retrying in ${delay / 1000}s`));
        }
        catch (error) {
            if (error instanceof gate_error/* GateError */.ue)
                throw error;
            const message = redactSecrets(error.message, secrets);
            throw new gate_error/* GateError */.ue('push-error', `${what} failed: ${message}`, {
                remedy: error instanceof TransientRegistryError ? 'The registry kept failing; re-run the job later.' : 'Check that the registry implements the OCI Distribution API for pushes.',
            });
        }
    };
    const refused = async (location, what, response) => new gate_error/* GateError */.ue('push-error', redactSecrets(`registry ${location.registry} refused ${what} (HTTP ${response.status}): ${await errorText(response)}`, location.credentials ? [location.credentials.password] : []));
    return {
        async getManifest(request) {
            return retried(request, `reading ${request.repository}:${request.reference} from ${request.registry}`, async () => (await getOnce(request)), undefined);
        },
        async findManifest(request) {
            return retried(request, `reading ${request.repository}:${request.reference} from ${request.registry}`, () => getOnce(request, 'undefined'), undefined);
        },
        async listReferrers(location, digest) {
            return retried(location, `listing the referrers of ${location.registry}/${location.repository}@${digest}`, async () => {
                let response;
                try {
                    response = await authorized(location, 'pull', v2(location, `referrers/${digest}`), { accept: 'application/vnd.oci.image.index.v1+json' });
                }
                catch (error) {
                    // Some registries guard endpoints they do not implement: a refusal here means no
                    // usable referrers API; wrong credentials still fail the pushes that follow.
                    if (error instanceof gate_error/* GateError */.ue && error.reason === 'registry-auth')
                        return undefined;
                    throw error;
                }
                const body = Buffer.from(await response.arrayBuffer());
                return response.status === 200 ? (0,referrers_layout/* parseReferrersIndex */.AH)(response.headers.get('content-type') ?? undefined, body)?.manifests : undefined;
            }, undefined);
        },
        async getBlob(location, digest, maxBytes) {
            return retried(location, `reading blob ${digest} from ${location.registry}/${location.repository}`, async () => {
                const response = await authorized(location, 'pull', v2(location, `blobs/${digest}`), {});
                if (!response.ok)
                    throw await refused(location, `GET of blob ${digest}`, response);
                const declared = Number(response.headers.get('content-length') ?? '0');
                if (declared > maxBytes) {
                    await response.body?.cancel();
                    throw new gate_error/* GateError */.ue('push-error', `registry ${location.registry} holds blob ${digest} of ${declared} bytes, more than the ${maxBytes} expected`);
                }
                const chunks = [];
                let size = 0;
                const reader = response.body?.getReader();
                for (let read = await reader?.read(); read && !read.done; read = await reader.read()) {
                    size += read.value.length;
                    if (size > maxBytes) {
                        await reader.cancel();
                        throw new gate_error/* GateError */.ue('push-error', `registry ${location.registry} sent more than ${maxBytes} bytes for blob ${digest}`);
                    }
                    chunks.push(Buffer.from(read.value));
                }
                const bytes = Buffer.concat(chunks);
                const actual = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
                if (actual !== digest)
                    throw new gate_error/* GateError */.ue('push-error', `registry ${location.registry} served ${actual} when asked for blob ${digest}`);
                return bytes;
            }, undefined);
        },
        async hasBlob(location, digest, onRetry) {
            return retried(location, `checking for blob ${digest} in ${location.registry}/${location.repository}`, async () => {
                const response = await authorized(location, 'push', v2(location, `blobs/${digest}`), {}, { method: 'HEAD' });
                await response.body?.cancel();
                if (response.status === 200)
                    return true;
                if (response.status === 404)
                    return false;
                throw await refused(location, `HEAD of blob ${digest}`, response);
            }, onRetry);
        },
        async uploadBlob(location, blob, onRetry) {
            await retried(location, `uploading blob ${blob.digest} to ${location.registry}/${location.repository}`, async () => {
                const started = await authorized(location, 'push', v2(location, 'blobs/uploads/'), { 'content-length': '0' }, { method: 'POST', body: () => Buffer.alloc(0) });
                const uploadAt = started.headers.get('location');
                await started.body?.cancel();
                if (started.status !== 202 || !uploadAt)
                    throw await refused(location, `to start an upload of ${blob.digest}`, started);
                const url = new URL(uploadAt, registryBaseUrl(location.registry));
                url.searchParams.set('digest', blob.digest);
                const finished = await authorized(location, 'push', url, { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) }, 
                // A large layer needs longer than one request's timeout: allow for 1 MB/s at least.
                { method: 'PUT', body: blob.open, timeoutMs: timeoutMs + Math.ceil(blob.size / 1000) });
                if (finished.status !== 201)
                    throw await refused(location, `blob ${blob.digest}`, finished);
                await finished.body?.cancel();
            }, onRetry);
        },
        async putManifest(location, reference, manifest, onRetry) {
            return retried(location, `pushing manifest ${location.registry}/${location.repository}${reference.startsWith('sha256:') ? '@' : ':'}${reference}`, async () => {
                const response = await authorized(location, 'push', v2(location, `manifests/${reference}`), { 'content-type': manifest.mediaType, 'content-length': String(manifest.bytes.length) }, { method: 'PUT', body: () => manifest.bytes });
                if (response.status !== 201 && response.status !== 200)
                    throw await refused(location, `the manifest for ${reference}`, response);
                await response.body?.cancel();
                return response.headers.get('docker-content-digest') ?? `sha256:${(0,external_node_crypto_.createHash)('sha256').update(manifest.bytes).digest('hex')}`;
            }, onRetry);
        },
    };
}

;// CONCATENATED MODULE: ./build/adapters/registry/image-publisher.js









/*
 * The gate pushes the scanned image itself instead of asking the engine to push a tag.
 * An engine push reads `name:tag` at push time, and on a shared engine another job can
 * retag it between the gate's check and the push; the registry would then serve an
 * unscanned image under the trusted tag before any check after the push could notice.
 *
 * Here the image comes out of the engine by ID, its config is proven to hash to the
 * scanned ID (and every layer to the config's diff_ids) before the first byte is uploaded,
 * the manifest is PUT by digest, and only then is each target tag PUT with those same
 * manifest bytes. No temporary tag is ever created, so there is nothing to delete
 * afterwards — which matters on GHCR, where deleting a tag means deleting a package
 * version through the GitHub API. A failure before tagging leaves, at most, an untagged
 * manifest (on GHCR: an untagged package version, which GHCR's retention cleans up).
 *
 * Layers the repository already holds under the run's target tags are referenced, not
 * compressed and uploaded again (known-layers.ts says what that trusts); the others are
 * gzipped side by side, one per core, before the first upload.
 */
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
const image_publisher_sha256 = (bytes) => `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
/** Field order fixed: the same image always gives the same manifest bytes, hence digest. */
function imageManifest(config, layers) {
    const descriptor = (d) => ({ mediaType: d.mediaType, digest: d.digest, size: d.size });
    return Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: layers.map(descriptor) }));
}
function createImagePublisher(options) {
    const client = options.client ?? createRegistryClient();
    const { log } = options;
    const location = (repository) => ({ registry: options.registry, repository, credentials: options.credentials });
    const warn = (message) => log.warning(message);
    /** Manifests this publisher pushed, so tagging re-sends the exact bytes without reading them back. */
    const manifests = new Map();
    const ensureBlob = async (repository, blob, what) => {
        if (await client.hasBlob(location(repository), blob.digest, warn))
            return 'present';
        await client.uploadBlob(location(repository), blob, warn);
        log.info(`uploaded ${what} ${blob.digest} (${blob.size} bytes)`);
        return 'uploaded';
    };
    const putManifest = async (repository, reference, bytes, mediaType) => {
        const digest = image_publisher_sha256(bytes);
        const reported = await client.putManifest(location(repository), reference, { bytes, mediaType }, warn);
        if (reported !== digest) {
            throw new gate_error/* GateError */.ue('push-error', `registry ${options.registry} stored the manifest for ${repository}:${reference} as ${reported}, not ${digest}`, {
                remedy: 'The registry rewrote the manifest; its tags would not name the verified image. Check the registry.',
            });
        }
        manifests.set(digest, { bytes, mediaType });
        return { mediaType, digest, size: bytes.length };
    };
    /**
     * Each layer as a blob in `repository`: the one it already holds, or its gzip (made once per
     * export, for every repository; from a written export, read again if this one was only verified).
     */
    const layerBlobs = async (repository, imageId, image, known) => {
        let reused = 0;
        const { layers } = image.image;
        const blobs = await mapWithLimit(layers, (0,external_node_os_.availableParallelism)(), async (layer, i) => {
            const held = known.get(layer.diffId);
            if (held && (await client.hasBlob(location(repository), held.digest, warn))) {
                reused++;
                return held;
            }
            return gzipOnce(image.image.archive !== undefined ? image : await exported(imageId, 'archive'), i);
        });
        if (reused > 0)
            log.info(`${reused} of ${layers.length} layer(s) are already in ${options.registry}/${repository} under the target tags: referenced, not compressed again`);
        return blobs;
    };
    /** By digest: the registry holds the manifest, and no tag names it yet. */
    const putImageManifest = async (repository, config, layers) => {
        const bytes = imageManifest(config, layers.map((l) => ({ mediaType: OCI_LAYER_GZIP, digest: l.digest, size: l.size })));
        const manifest = await putManifest(repository, image_publisher_sha256(bytes), bytes, OCI_MANIFEST);
        return { ...manifest, configDigest: config.digest, compressedSize: config.size + layers.reduce((sum, l) => sum + l.size, 0) };
    };
    /**
     * Exports by image ID and kind, each read once for every repository it goes to; `prepare` may
     * start one early. A written export also serves where a verified one would do.
     */
    const exports = new Map();
    let released = false;
    const exported = (imageId, keep) => {
        let entry = exports.get(`archive ${imageId}`) ?? (keep === 'verify' ? exports.get(`verify ${imageId}`) : undefined);
        if (entry === undefined) {
            const stop = new AbortController();
            if (released)
                stop.abort();
            const done = (async () => {
                const workDir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(options.tempRoot, 'csg-push-'));
                try {
                    return { workDir, image: await options.exportImage(imageId, workDir, stop.signal, keep), gzips: new Map() };
                }
                catch (error) {
                    await (0,promises_.rm)(workDir, { recursive: true, force: true });
                    throw error;
                }
            })();
            done.catch(() => undefined);
            exports.set(`${keep} ${imageId}`, (entry = { done, stop }));
        }
        return entry.done;
    };
    const hasExport = (imageId) => exports.has(`archive ${imageId}`) || exports.has(`verify ${imageId}`);
    /** Stops and removes every export of `imageId` (or of every image). */
    const dropExports = async (imageId) => {
        const dropped = [...exports].filter(([key]) => imageId === undefined || key.endsWith(` ${imageId}`));
        for (const [key, entry] of dropped) {
            exports.delete(key);
            entry.stop.abort();
        }
        for (const [, entry] of dropped) {
            const done = await entry.done.catch(() => undefined);
            if (done)
                await (0,promises_.rm)(done.workDir, { recursive: true, force: true });
        }
    };
    /** What `repository` already holds of the image: the layers its target tags name, and the whole image when it has every blob. */
    const lookups = new Map();
    const lookup = (imageId, repository, knownFrom) => {
        const key = `${imageId} ${repository} ${knownFrom.join(',')}`;
        let found = lookups.get(key);
        if (found === undefined) {
            found = (async () => {
                const known = await knownLayers(client, location(repository), knownFrom);
                const held = await heldImage(client, location(repository), imageId, known, warn).catch(() => undefined);
                return { known, held };
            })();
            lookups.set(key, found);
        }
        return found;
    };
    const preparing = [];
    /** Per image: prepare's choice of export, settled once that export is under way (or finished). */
    const prepared = new Map();
    return {
        prepare(imageId, repository, knownFrom) {
            // The engine is read only when the repository lacks part of the image. When it holds every
            // layer, only the config is needed: the export is verified, not written, and the scan reads
            // the image through the engine (Trivy has those layers analysed already). Otherwise the
            // export is written, the scan reads it, and the layers the repository lacks are gzipped now.
            const archive = lookup(imageId, repository, knownFrom).then(async ({ known, held }) => {
                if (held || released)
                    return undefined;
                const diffIds = await options.imageDiffIds?.(imageId).catch(() => undefined);
                if (diffIds !== undefined && diffIds.length > 0 && diffIds.every((diffId) => known.has(diffId))) {
                    preparing.push(exported(imageId, 'verify'));
                    return undefined;
                }
                const image = await exported(imageId, 'archive');
                const missing = image.image.layers.map((layer, i) => ({ layer, i })).filter(({ layer }) => !known.has(layer.diffId));
                preparing.push(mapWithLimit(missing, (0,external_node_os_.availableParallelism)(), ({ i }) => (released ? Promise.resolve(undefined) : gzipOnce(image, i))));
                return image.image.archive;
            });
            preparing.push(archive);
            // A failed export is publishManifest's to report; the scan then reads the image through the engine.
            const chosen = archive.catch(() => undefined);
            prepared.set(imageId, chosen);
            return chosen;
        },
        async release() {
            released = true;
            // What prepare started may add to `preparing` while it is awaited.
            for (let settled = 0; settled < preparing.length;) {
                const batch = preparing.slice(settled);
                settled = preparing.length;
                await Promise.all(batch.map((p) => p.catch(() => undefined)));
            }
            await dropExports();
        },
        async publishManifest(imageId, repository, knownFrom = []) {
            const { known, held } = await lookup(imageId, repository, knownFrom);
            if (held) {
                // The config blob's digest is the scanned ID: it is that image, byte for byte, and every layer is there already.
                log.info(`${options.registry}/${repository} already holds ${imageId} (its config, which hashes to the scanned ID, and all ${held.layers.length} layer(s)): nothing exported or uploaded`);
                return putImageManifest(repository, { mediaType: OCI_CONFIG, digest: imageId, size: held.config.length }, held.layers);
            }
            await prepared.get(imageId);
            const wasPrepared = hasExport(imageId);
            try {
                const image = await exported(imageId, wasPrepared ? 'verify' : 'archive');
                const { config: configBytes, configDigest, layers } = image.image;
                if (configDigest !== imageId)
                    throw new gate_error/* GateError */.ue('push-error', `the export of ${imageId} has config ${configDigest}; nothing was pushed`);
                log.info(`exported ${imageId} from the engine by ID: config and ${layers.length} layer(s) match the scanned image`);
                const blobs = await layerBlobs(repository, imageId, image, known);
                let present = 0;
                for (const blob of blobs) {
                    const path = blob.path;
                    if (path === undefined)
                        continue;
                    if ((await ensureBlob(repository, { digest: blob.digest, size: blob.size, open: () => (0,external_node_fs_.createReadStream)(path) }, 'layer')) === 'present')
                        present++;
                }
                const config = { mediaType: OCI_CONFIG, digest: configDigest, size: configBytes.length };
                if ((await ensureBlob(repository, { digest: config.digest, size: config.size, open: () => configBytes }, 'config')) === 'present')
                    present++;
                if (present > 0)
                    log.info(`${present} of ${layers.length + 1} blobs were already in ${options.registry}/${repository}`);
                return await putImageManifest(repository, config, blobs);
            }
            finally {
                // A prepared export stays for the other repositories until release(); an unprepared one goes now.
                if (!wasPrepared)
                    await dropExports(imageId);
            }
        },
        async putBlob(repository, bytes, mediaType) {
            const digest = image_publisher_sha256(bytes);
            await ensureBlob(repository, { digest, size: bytes.length, open: () => bytes }, 'blob');
            return { mediaType, digest, size: bytes.length };
        },
        putManifest,
        async tag(repository, digest, tags) {
            let manifest = manifests.get(digest);
            if (manifest === undefined) {
                const fetched = await client.getManifest({ ...location(repository), reference: digest });
                if (fetched.digest !== digest)
                    throw new gate_error/* GateError */.ue('push-error', `registry ${options.registry} served ${fetched.digest} when asked for ${repository}@${digest}`);
                manifest = { bytes: fetched.bytes, mediaType: fetched.mediaType };
            }
            const references = [];
            for (const tag of tags) {
                await putManifest(repository, tag, manifest.bytes, manifest.mediaType);
                const reference = `${options.registry}/${repository}:${tag}`;
                // Read back: the tag serves this digest now (a later writer to the registry is not ours to stop).
                const served = await client.getManifest({ ...location(repository), reference: tag });
                if (served.digest !== digest) {
                    throw new gate_error/* GateError */.ue('push-error', `after tagging ${reference}: the registry serves ${served.digest}, not ${digest}`, {
                        remedy: 'Something else pushed to this tag at the same time. Re-run the job.',
                    });
                }
                log.info(`verified ${reference}@${digest}`);
                references.push(reference);
            }
            return references;
        },
    };
}
/** The gzip of an exported layer, made at most once however many repositories (or prepare) ask for it. */
function gzipOnce(image, index) {
    let gzip = image.gzips.get(index);
    if (gzip === undefined) {
        gzip = compressLayer(image.image.archive, image.image.layers[index], (0,external_node_path_.join)(image.workDir, `layer-${index}.tar.gz`));
        gzip.catch(() => undefined);
        image.gzips.set(index, gzip);
    }
    return gzip;
}
/** `work` over `items`, at most `limit` at a time, results in input order; the first failure rejects. */
async function mapWithLimit(items, limit, work) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index], index);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    return results;
}

;// CONCATENATED MODULE: ./build/adapters/registry/published-manifest.js


/**
 * Reads the manifest (or index) a published tag names, for `mode: summary` to learn the
 * platforms of what users pull. Undefined when the tag does not exist; any other failure
 * throws, so a summary never quietly falls back to fewer platforms than are published.
 */
function createPublishedManifestReader(options) {
    const client = options.client ?? createRegistryClient();
    return async (reference) => {
        try {
            const fetched = await client.findManifest({ registry: reference.registry, repository: reference.repository, reference: reference.tag, credentials: options.credentials });
            return fetched && { mediaType: fetched.mediaType, bytes: fetched.bytes };
        }
        catch (error) {
            // The client names its failures for pushes; here nothing is pushed.
            if (error instanceof gate_error/* GateError */.ue && error.reason === 'push-error')
                throw new gate_error/* GateError */.ue('scan-error', error.message, { remedy: error.remedy, cause: error });
            throw error;
        }
    };
}

// EXTERNAL MODULE: ./node_modules/@actions/tool-cache/lib/tool-cache.js + 2 modules
var tool_cache = __webpack_require__(59805);
// EXTERNAL MODULE: ./build/domain/trivy-release.js
var trivy_release = __webpack_require__(47201);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
;// CONCATENATED MODULE: ./build/adapters/trivy/binary-version.js


/**
 * Runs `<binary> --version` and reads the version Trivy reports. Never throws: the caller
 * decides what a binary that does not run means in its context.
 */
function probeTrivyVersion(binary, timeoutMs) {
    return new Promise((resolve) => {
        (0,external_node_child_process_.execFile)(binary, ['--version'], { timeout: timeoutMs, maxBuffer: 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
            const details = String(stderr).trim().split('\n').filter((l) => l.length > 0).slice(-10);
            if (error) {
                const { code, signal, killed } = error;
                const problem = code === 'ENOENT'
                    ? 'no such file'
                    : code === 'EACCES'
                        ? 'it is not executable (permission denied)'
                        : code === 'ENOEXEC'
                            ? 'it is not an executable for this runner'
                            : killed && signal
                                ? `\`--version\` did not finish within ${Math.round(timeoutMs / 1000)}s`
                                : typeof code === 'number'
                                    ? `\`--version\` exited with code ${code}`
                                    : `it could not be started: ${error.message}`;
                resolve({ ok: false, problem, details });
                return;
            }
            const version = (0,trivy_release/* parseTrivyVersionOutput */.LL)(String(stdout));
            if (version === undefined) {
                const firstLine = String(stdout).trim().split('\n')[0] ?? '';
                resolve({ ok: false, problem: `\`--version\` printed no 'Version:' line (got '${firstLine.slice(0, 120)}'), so it does not look like Trivy`, details });
                return;
            }
            resolve({ ok: true, version });
        });
    });
}

// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(44942);
;// CONCATENATED MODULE: ./build/adapters/trivy/release-download.js






const release_download_DEFAULT_RETRY_DELAYS_MS = [2_000, 5_000];
/** Why a download failed, for the installer to turn into a message with context. */
class DownloadError extends Error {
    url;
    kind;
    attempts;
    status;
    constructor(url, 
    /** `request`: the request could not even be made (e.g. a redirect to an invalid URL); not retried. */
    kind, message, attempts, status, options) {
        super(message, options);
        this.url = url;
        this.kind = kind;
        this.attempts = attempts;
        this.status = status;
        this.name = 'DownloadError';
    }
}
/** Only server-side trouble and dropped connections are worth another attempt; a 404 stays a 404. */
function isRetryable(error) {
    if (error.kind === 'network')
        return true;
    return error.status !== undefined && (error.status >= 500 || error.status === 408 || error.status === 429);
}
async function withRetries(url, policy, attempt) {
    const total = policy.retryDelaysMs.length + 1;
    for (let n = 1;; n++) {
        try {
            return await attempt();
        }
        catch (error) {
            const failure = toDownloadError(url, error, n);
            const delay = policy.retryDelaysMs[n - 1];
            if (!isRetryable(failure) || delay === undefined)
                throw failure;
            policy.log(`${failure.message}; retrying in ${Math.round(delay / 100) / 10}s (attempt ${n + 1} of ${total})`);
            await policy.sleep(delay);
        }
    }
}
function toDownloadError(url, error, attempts) {
    if (error instanceof DownloadError) {
        return new DownloadError(error.url, error.kind, error.message, attempts, error.status, { cause: error.cause });
    }
    const code = error.code;
    const detail = error instanceof Error ? error.message : String(error);
    const suffix = typeof code === 'string' && !detail.includes(code) ? ` (${code})` : '';
    const kind = error instanceof TypeError ? 'request' : 'network';
    return new DownloadError(url, kind, `GET ${url} failed: ${detail}${suffix}`, attempts, undefined, { cause: error });
}
function httpClient(policy) {
    return new lib/* HttpClient */.Qq('container-security-gate', [], {
        allowRetries: false,
        allowRedirects: true,
        maxRedirects: 10,
        socketTimeout: policy.requestTimeoutMs,
    });
}
async function get(client, url) {
    const response = await client.get(url);
    const status = response.message.statusCode ?? 0;
    if (status === 200)
        return response;
    // Drain the body so the socket is released before the next attempt.
    response.message.resume();
    const kind = status === 404 || status === 410 ? 'not-found' : 'http';
    const reason = response.message.statusMessage ? ` ${response.message.statusMessage}` : '';
    throw new DownloadError(url, kind, `GET ${url} returned HTTP ${status}${reason}`, 1, status);
}
function localPath(url) {
    return url.startsWith('file:') ? (0,external_node_url_.fileURLToPath)(url) : undefined;
}
function localNotFound(url, error) {
    if (error.code === 'ENOENT') {
        throw new DownloadError(url, 'not-found', `${url} does not exist`, 1, undefined, { cause: error });
    }
    throw error;
}
/** Streams `url` into `dest`; a partial file is deleted before a retry or on failure. */
async function downloadToFile(url, dest, policy) {
    const file = localPath(url);
    if (file !== undefined) {
        await (0,promises_.copyFile)(file, dest).catch((error) => localNotFound(url, error));
        return;
    }
    const client = httpClient(policy);
    try {
        await withRetries(url, policy, async () => {
            try {
                const response = await get(client, url);
                await (0,external_node_stream_promises_.pipeline)(response.message, (0,external_node_fs_.createWriteStream)(dest));
            }
            catch (error) {
                await (0,promises_.rm)(dest, { force: true });
                throw error;
            }
        });
    }
    finally {
        client.dispose();
    }
}
/** A small text file (checksums.txt); refuses anything larger than `maxBytes`. */
async function downloadText(url, policy, maxBytes = 1024 * 1024) {
    const file = localPath(url);
    const tooLarge = (size) => new DownloadError(url, 'http', `${url} is ${size} bytes, more than the ${maxBytes} a checksums file can be`, 1);
    if (file !== undefined) {
        const content = await (0,promises_.readFile)(file).catch((error) => localNotFound(url, error));
        if (content.length > maxBytes)
            throw tooLarge(content.length);
        return content.toString('utf8');
    }
    const client = httpClient(policy);
    try {
        return await withRetries(url, policy, async () => {
            const response = await get(client, url);
            const chunks = [];
            let size = 0;
            for await (const chunk of response.message) {
                size += chunk.length;
                if (size > maxBytes) {
                    response.message.destroy();
                    throw tooLarge(size);
                }
                chunks.push(chunk);
            }
            return Buffer.concat(chunks).toString('utf8');
        });
    }
    finally {
        client.dispose();
    }
}
async function sha256File(path) {
    const hash = createHash('sha256');
    await pipeline(createReadStream(path), hash);
    return hash.digest('hex');
}

// EXTERNAL MODULE: ./node_modules/@sigstore/bundle/dist/index.js
var dist = __webpack_require__(61040);
// EXTERNAL MODULE: ./node_modules/@sigstore/protobuf-specs/dist/index.js
var protobuf_specs_dist = __webpack_require__(19654);
// EXTERNAL MODULE: ./node_modules/@sigstore/verify/dist/index.js
var verify_dist = __webpack_require__(54187);
;// CONCATENATED MODULE: ./build/adapters/trivy/sigstore-trusted-root.js
// Generated by scripts/update-sigstore-root.mjs from @sigstore/tuf 5.0.1 (seeds.json,
// https://tuf-repo-cdn.sigstore.dev trusted_root.json): the Sigstore public-good trusted root.
// Carried in the action, never fetched at run time. Do not edit by hand.
const SIGSTORE_PUBLIC_GOOD_TRUSTED_ROOT = {
    "mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
    "tlogs": [
        {
            "baseUrl": "https://rekor.sigstore.dev",
            "hashAlgorithm": "SHA2_256",
            "publicKey": {
                "rawBytes": "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2G2Y+2tabdTV5BcGiBIx0a9fAFwrkBbmLSGtks4L3qX6yYY0zufBnhC8Ur/iy55GhWP/9A/bY2LhC30M9+RYtw==",
                "keyDetails": "PKIX_ECDSA_P256_SHA_256",
                "validFor": {
                    "start": "2021-01-12T11:53:27Z"
                }
            },
            "logId": {
                "keyId": "wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0="
            }
        },
        {
            "baseUrl": "https://log2025-1.rekor.sigstore.dev",
            "hashAlgorithm": "SHA2_256",
            "publicKey": {
                "rawBytes": "MCowBQYDK2VwAyEAt8rlp1knGwjfbcXAYPYAkn0XiLz1x8O4t0YkEhie244=",
                "keyDetails": "PKIX_ED25519",
                "validFor": {
                    "start": "2025-09-23T00:00:00Z"
                }
            },
            "logId": {
                "keyId": "zxGZFVvd0FEmjR8WrFwMdcAJ9vtaY/QXf44Y1wUeP6A="
            }
        }
    ],
    "certificateAuthorities": [
        {
            "subject": {
                "organization": "sigstore.dev",
                "commonName": "sigstore"
            },
            "uri": "https://fulcio.sigstore.dev",
            "certChain": {
                "certificates": [
                    {
                        "rawBytes": "MIIB+DCCAX6gAwIBAgITNVkDZoCiofPDsy7dfm6geLbuhzAKBggqhkjOPQQDAzAqMRUwEwYDVQQKEwxzaWdzdG9yZS5kZXYxETAPBgNVBAMTCHNpZ3N0b3JlMB4XDTIxMDMwNzAzMjAyOVoXDTMxMDIyMzAzMjAyOVowKjEVMBMGA1UEChMMc2lnc3RvcmUuZGV2MREwDwYDVQQDEwhzaWdzdG9yZTB2MBAGByqGSM49AgEGBSuBBAAiA2IABLSyA7Ii5k+pNO8ZEWY0ylemWDowOkNa3kL+GZE5Z5GWehL9/A9bRNA3RbrsZ5i0JcastaRL7Sp5fp/jD5dxqc/UdTVnlvS16an+2Yfswe/QuLolRUCrcOE2+2iA5+tzd6NmMGQwDgYDVR0PAQH/BAQDAgEGMBIGA1UdEwEB/wQIMAYBAf8CAQEwHQYDVR0OBBYEFMjFHQBBmiQpMlEk6w2uSu1KBtPsMB8GA1UdIwQYMBaAFMjFHQBBmiQpMlEk6w2uSu1KBtPsMAoGCCqGSM49BAMDA2gAMGUCMH8liWJfMui6vXXBhjDgY4MwslmN/TJxVe/83WrFomwmNf056y1X48F9c4m3a3ozXAIxAKjRay5/aj/jsKKGIkmQatjI8uupHr/+CxFvaJWmpYqNkLDGRU+9orzh5hI2RrcuaQ=="
                    }
                ]
            },
            "validFor": {
                "start": "2021-03-07T03:20:29Z",
                "end": "2022-12-31T23:59:59.999Z"
            }
        },
        {
            "subject": {
                "organization": "sigstore.dev",
                "commonName": "sigstore"
            },
            "uri": "https://fulcio.sigstore.dev",
            "certChain": {
                "certificates": [
                    {
                        "rawBytes": "MIICGjCCAaGgAwIBAgIUALnViVfnU0brJasmRkHrn/UnfaQwCgYIKoZIzj0EAwMwKjEVMBMGA1UEChMMc2lnc3RvcmUuZGV2MREwDwYDVQQDEwhzaWdzdG9yZTAeFw0yMjA0MTMyMDA2MTVaFw0zMTEwMDUxMzU2NThaMDcxFTATBgNVBAoTDHNpZ3N0b3JlLmRldjEeMBwGA1UEAxMVc2lnc3RvcmUtaW50ZXJtZWRpYXRlMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE8RVS/ysH+NOvuDZyPIZtilgUF9NlarYpAd9HP1vBBH1U5CV77LSS7s0ZiH4nE7Hv7ptS6LvvR/STk798LVgMzLlJ4HeIfF3tHSaexLcYpSASr1kS0N/RgBJz/9jWCiXno3sweTAOBgNVHQ8BAf8EBAMCAQYwEwYDVR0lBAwwCgYIKwYBBQUHAwMwEgYDVR0TAQH/BAgwBgEB/wIBADAdBgNVHQ4EFgQU39Ppz1YkEZb5qNjpKFWixi4YZD8wHwYDVR0jBBgwFoAUWMAeX5FFpWapesyQoZMi0CrFxfowCgYIKoZIzj0EAwMDZwAwZAIwPCsQK4DYiZYDPIaDi5HFKnfxXx6ASSVmERfsynYBiX2X6SJRnZU84/9DZdnFvvxmAjBOt6QpBlc4J/0DxvkTCqpclvziL6BCCPnjdlIB3Pu3BxsPmygUY7Ii2zbdCdliiow="
                    },
                    {
                        "rawBytes": "MIIB9zCCAXygAwIBAgIUALZNAPFdxHPwjeDloDwyYChAO/4wCgYIKoZIzj0EAwMwKjEVMBMGA1UEChMMc2lnc3RvcmUuZGV2MREwDwYDVQQDEwhzaWdzdG9yZTAeFw0yMTEwMDcxMzU2NTlaFw0zMTEwMDUxMzU2NThaMCoxFTATBgNVBAoTDHNpZ3N0b3JlLmRldjERMA8GA1UEAxMIc2lnc3RvcmUwdjAQBgcqhkjOPQIBBgUrgQQAIgNiAAT7XeFT4rb3PQGwS4IajtLk3/OlnpgangaBclYpsYBr5i+4ynB07ceb3LP0OIOZdxexX69c5iVuyJRQ+Hz05yi+UF3uBWAlHpiS5sh0+H2GHE7SXrk1EC5m1Tr19L9gg92jYzBhMA4GA1UdDwEB/wQEAwIBBjAPBgNVHRMBAf8EBTADAQH/MB0GA1UdDgQWBBRYwB5fkUWlZql6zJChkyLQKsXF+jAfBgNVHSMEGDAWgBRYwB5fkUWlZql6zJChkyLQKsXF+jAKBggqhkjOPQQDAwNpADBmAjEAj1nHeXZp+13NWBNa+EDsDP8G1WWg1tCMWP/WHPqpaVo0jhsweNFZgSs0eE7wYI4qAjEA2WB9ot98sIkoF3vZYdd3/VtWB5b9TNMea7Ix/stJ5TfcLLeABLE4BNJOsQ4vnBHJ"
                    }
                ]
            },
            "validFor": {
                "start": "2022-04-13T20:06:15Z"
            }
        }
    ],
    "ctlogs": [
        {
            "baseUrl": "https://ctfe.sigstore.dev/test",
            "hashAlgorithm": "SHA2_256",
            "publicKey": {
                "rawBytes": "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEbfwR+RJudXscgRBRpKX1XFDy3PyudDxz/SfnRi1fT8ekpfBd2O1uoz7jr3Z8nKzxA69EUQ+eFCFI3zeubPWU7w==",
                "keyDetails": "PKIX_ECDSA_P256_SHA_256",
                "validFor": {
                    "start": "2021-03-14T00:00:00Z",
                    "end": "2022-10-31T23:59:59.999Z"
                }
            },
            "logId": {
                "keyId": "CGCS8ChS/2hF0dFrJ4ScRWcYrBY9wzjSbea8IgY2b3I="
            }
        },
        {
            "baseUrl": "https://ctfe.sigstore.dev/2022",
            "hashAlgorithm": "SHA2_256",
            "publicKey": {
                "rawBytes": "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEiPSlFi0CmFTfEjCUqF9HuCEcYXNKAaYalIJmBZ8yyezPjTqhxrKBpMnaocVtLJBI1eM3uXnQzQGAJdJ4gs9Fyw==",
                "keyDetails": "PKIX_ECDSA_P256_SHA_256",
                "validFor": {
                    "start": "2022-10-20T00:00:00Z"
                }
            },
            "logId": {
                "keyId": "3T0wasbHETJjGR4cmWc3AqJKXrjePK3/h4pygC8p7o4="
            }
        }
    ],
    "timestampAuthorities": [
        {
            "subject": {
                "organization": "sigstore.dev",
                "commonName": "sigstore-tsa-selfsigned"
            },
            "uri": "https://timestamp.sigstore.dev/api/v1/timestamp",
            "certChain": {
                "certificates": [
                    {
                        "rawBytes": "MIICEDCCAZagAwIBAgIUOhNULwyQYe68wUMvy4qOiyojiwwwCgYIKoZIzj0EAwMwOTEVMBMGA1UEChMMc2lnc3RvcmUuZGV2MSAwHgYDVQQDExdzaWdzdG9yZS10c2Etc2VsZnNpZ25lZDAeFw0yNTA0MDgwNjU5NDNaFw0zNTA0MDYwNjU5NDNaMC4xFTATBgNVBAoTDHNpZ3N0b3JlLmRldjEVMBMGA1UEAxMMc2lnc3RvcmUtdHNhMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE4ra2Z8hKNig2T9kFjCAToGG30jky+WQv3BzL+mKvh1SKNR/UwuwsfNCg4sryoYAd8E6isovVA3M4aoNdm9QDi50Z8nTEyvqgfDPtTIwXItfiW/AFf1V7uwkbkAoj0xxco2owaDAOBgNVHQ8BAf8EBAMCB4AwHQYDVR0OBBYEFIn9eUOHz9BlRsMCRscsc1t9tOsDMB8GA1UdIwQYMBaAFJjsAe9/u1H/1JUeb4qImFMHic6/MBYGA1UdJQEB/wQMMAoGCCsGAQUFBwMIMAoGCCqGSM49BAMDA2gAMGUCMDtpsV/6KaO0qyF/UMsX2aSUXKQFdoGTptQGc0ftq1csulHPGG6dsmyMNd3JB+G3EQIxAOajvBcjpJmKb4Nv+2Taoj8Uc5+b6ih6FXCCKraSqupe07zqswMcXJTe1cExvHvvlw=="
                    },
                    {
                        "rawBytes": "MIIB9zCCAXygAwIBAgIUV7f0GLDOoEzIh8LXSW80OJiUp14wCgYIKoZIzj0EAwMwOTEVMBMGA1UEChMMc2lnc3RvcmUuZGV2MSAwHgYDVQQDExdzaWdzdG9yZS10c2Etc2VsZnNpZ25lZDAeFw0yNTA0MDgwNjU5NDNaFw0zNTA0MDYwNjU5NDNaMDkxFTATBgNVBAoTDHNpZ3N0b3JlLmRldjEgMB4GA1UEAxMXc2lnc3RvcmUtdHNhLXNlbGZzaWduZWQwdjAQBgcqhkjOPQIBBgUrgQQAIgNiAAQUQNtfRT/ou3YATa6wB/kKTe70cfJwyRIBovMnt8RcJph/COE82uyS6FmppLLL1VBPGcPfpQPYJNXzWwi8icwhKQ6W/Qe2h3oebBb2FHpwNJDqo+TMaC/tdfkv/ElJB72jRTBDMA4GA1UdDwEB/wQEAwIBBjASBgNVHRMBAf8ECDAGAQH/AgEAMB0GA1UdDgQWBBSY7AHvf7tR/9SVHm+KiJhTB4nOvzAKBggqhkjOPQQDAwNpADBmAjEAwGEGrfGZR1cen1R8/DTVMI943LssZmJRtDp/i7SfGHmGRP6gRbuj9vOK3b67Z0QQAjEAuT2H673LQEaHTcyQSZrkp4mX7WwkmF+sVbkYY5mXN+RMH13KUEHHOqASaemYWK/E"
                    }
                ]
            },
            "validFor": {
                "start": "2025-07-04T00:00:00Z"
            }
        }
    ]
};

;// CONCATENATED MODULE: ./build/adapters/trivy/sigstore-bundle.js





/**
 * Verifies a Trivy release archive against its Sigstore bundle (`<asset>.sigstore.json`, which
 * Trivy publishes since v0.68.1): the signing certificate must chain to the trusted root the
 * action carries, the signature must be in the transparency log, and the signer must be
 * Trivy's release workflow at exactly this version's tag. This covers versions whose checksums
 * the action does not carry: a mirror (or a compromised download server) can rewrite a
 * checksums file, but not produce a signature from Trivy's workflow.
 */
/** The OIDC issuer of GitHub Actions, which Fulcio records in the certificate. */
const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
/** The identity Trivy's releases are signed with: its release workflow, at the version's tag. */
function trivyReleaseIdentity(version) {
    return `https://github.com/aquasecurity/trivy/.github/workflows/reusable-release.yaml@refs/tags/v${version}`;
}
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Throws GateError(trivy-install) unless `bundleText` is a valid bundle for `archive` from Trivy's release workflow. */
function verifyTrivyReleaseBundle(archive, bundleText, input, trust = {}) {
    const identity = trivyReleaseIdentity(input.version);
    const refuse = (why, cause) => new gate_error/* GateError */.ue('trivy-install', `${input.fileName} failed Sigstore verification against ${input.bundleName}: ${why}. It was not installed.`, {
        ...(cause !== undefined && { cause }),
        remedy: `Only an archive signed by Trivy's release workflow (${identity}) is installed. Check the copy at trivy-download-url against the official release, or use the pinned default version, whose checksums the action carries.`,
    });
    let entity;
    try {
        entity = (0,verify_dist/* toSignedEntity */.DC)((0,dist.bundleFromJSON)(JSON.parse(bundleText)), archive);
    }
    catch (error) {
        throw refuse(`the bundle is not a valid Sigstore bundle (${error.message})`, error);
    }
    try {
        const root = protobuf_specs_dist.TrustedRoot.fromJSON(trust.trustedRoot ?? SIGSTORE_PUBLIC_GOOD_TRUSTED_ROOT);
        // One SCT (Fulcio embeds it), one transparency-log entry, one verified timestamp (the log's).
        const verifier = new verify_dist/* Verifier */.BL((0,verify_dist/* toTrustMaterial */.jO)(root), { ctlogThreshold: 1, tlogThreshold: 1, timestampThreshold: 1 });
        verifier.verify(entity, { subjectAlternativeName: new RegExp(`^${escapeRegExp(identity)}$`), extensions: { issuer: GITHUB_ACTIONS_ISSUER } });
    }
    catch (error) {
        const cause = error.cause;
        throw refuse(`${error.message}${cause instanceof Error ? ` (${cause.message})` : ''}`, error);
    }
}
/** Trivy attaches `<asset>.sigstore.json` to its releases since v0.68.1. */
function hasSigstoreBundle(version) {
    const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
    return major > 0 || minor > 68 || (minor === 68 && patch >= 1);
}

;// CONCATENATED MODULE: ./build/adapters/trivy/verified-binary.js






/** Copies `source` into a fresh private directory under `workDir`, hashing exactly the bytes written. */
async function copyHashed(source, workDir, name) {
    await (0,promises_.mkdir)(workDir, { recursive: true, mode: 0o700 });
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(workDir, 'bin-'));
    const path = (0,external_node_path_.join)(dir, name);
    const hash = (0,external_node_crypto_.createHash)('sha256');
    await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(source), async function* (chunks) {
        for await (const chunk of chunks) {
            hash.update(chunk);
            yield chunk;
        }
    }, 
    // wx: never write through a file (or link) someone placed there first.
    (0,external_node_fs_.createWriteStream)(path, { flags: 'wx', mode: 0o700 }));
    return { path, sha256: hash.digest('hex') };
}
const identityOf = (stats) => [stats.dev, stats.ino, stats.size, stats.mtimeNs, stats.ctimeNs].join(':');
/** path → what it hashed to, and the identity it had while it was hashed. */
const hashedFiles = new Map();
/** SHA-256 (hex) of a file, read through one descriptor that did not change while it was read. */
async function sha256OfFile(path) {
    const handle = await (0,promises_.open)(path, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW);
    try {
        const before = identityOf(await handle.stat({ bigint: true }));
        const sha256 = await hashContents(handle);
        const after = identityOf(await handle.stat({ bigint: true }));
        if (before === after)
            hashedFiles.set(path, { sha256, identity: after });
        else
            hashedFiles.delete(path);
        return sha256;
    }
    finally {
        await handle.close();
    }
}
/** Bytes read at a time: large reads, since a 250 MB binary in 64 KiB chunks cost almost twice the time of the hash itself. */
const HASH_READ_BYTES = 4 * 1024 * 1024;
/**
 * SHA-256 (hex) of an open file. The next read is in flight while a block is hashed: a read
 * stream piped into the hash reads, then hashes, one after the other, and on a warm run that
 * wait sits before the first Trivy command (measured 215–245 ms against ~145 ms for 250 MB).
 */
async function hashContents(handle) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const blocks = [Buffer.allocUnsafe(HASH_READ_BYTES), Buffer.allocUnsafe(HASH_READ_BYTES)];
    let block = 0;
    let position = 0;
    let reading = handle.read(blocks[block], 0, HASH_READ_BYTES, position);
    for (;;) {
        const { bytesRead } = await reading;
        if (bytesRead === 0)
            return hash.digest('hex');
        position += bytesRead;
        const filled = blocks[block];
        // The other block: the one just filled is hashed while this read runs.
        block ^= 1;
        reading = handle.read(blocks[block], 0, HASH_READ_BYTES, position);
        hash.update(filled.subarray(0, bytesRead));
    }
}
/** Whether `path` still has the identity it had when it was hashed to `sha256`. */
async function unchangedSinceHashed(path, sha256) {
    const hashed = hashedFiles.get(path);
    if (hashed === undefined || hashed.sha256 !== sha256)
        return false;
    const now = await (0,promises_.lstat)(path, { bigint: true }).catch(() => undefined);
    return now !== undefined && now.isFile() && identityOf(now) === hashed.identity;
}
/** Before each use: the binary still has the bytes that were verified, or the gate stops. */
async function requireUnchangedTrivy(binary) {
    if (await unchangedSinceHashed(binary.path, binary.sha256))
        return;
    let actual;
    try {
        actual = await sha256OfFile(binary.path);
    }
    catch (error) {
        throw new gate_error/* GateError */.ue('trivy-install', `the verified Trivy at ${binary.path} can no longer be read: ${error.message}`, {
            cause: error,
            remedy: 'Something on this runner removed the gate\'s private copy of Trivy during the job; re-run the job on a runner that no other job shares.',
        });
    }
    if (actual !== binary.sha256) {
        throw new gate_error/* GateError */.ue('trivy-install', `the Trivy at ${binary.path} changed after it was verified: SHA-256 ${actual}, expected ${binary.sha256}. It was not run.`, {
            remedy: 'Another process on this runner modified the binary during the job. Treat the runner as compromised: take it out of service, then re-run the job on a clean runner.',
        });
    }
}

;// CONCATENATED MODULE: ./build/adapters/trivy/install.js











const TOOL_NAME = 'trivy';
/**
 * Makes a verified Trivy available: `trivy-path` as given (after refusing blocked versions),
 * else the release archive from the runner's tool cache, else a download. Either way the
 * archive's SHA-256 is checked (against the checksum the action carries, or the release's
 * checksums file fetched now) before it is extracted into this run's private work directory,
 * and the binary runs only from there.
 *
 * What is trusted: the tool cache may be shared with other jobs, so nothing stored there is
 * believed, not even a checksum recorded beside the archive (whoever can replace the archive
 * can rewrite the record). Trust comes only from what the action carries, from the release
 * itself, and from the SHA-256 this run records in memory after verifying.
 */
async function installTrivy(request, deps = {}) {
    const log = deps.log ?? (() => undefined);
    const versionTimeoutMs = deps.versionTimeoutMs ?? 60_000;
    if (request.trivyPath)
        return useProvidedBinary(request.trivyPath, request.version, versionTimeoutMs, log);
    const version = (0,trivy_release/* normaliseTrivyVersion */.zN)(request.version);
    if (!(0,trivy_release/* isTrivyReleaseVersion */.cd)(version)) {
        throw new gate_error/* GateError */.ue('trivy-install', `'${request.version}' is not a Trivy release version`, {
            remedy: `Set trivy-version to a release such as ${trivy_release/* DEFAULT_TRIVY_VERSION */.ss}.`,
        });
    }
    // Before anything touches the network: a blocked release is never even downloaded.
    const blocked = (0,trivy_release/* blockedTrivyRelease */.e9)(version);
    if (blocked)
        throw (0,trivy_release/* blockedTrivyReleaseError */.W4)(blocked, { kind: 'trivy-version' });
    const asset = (0,trivy_release/* trivyReleaseAsset */.MN)(version, request.platform, request.arch);
    requireRunnerDirectories();
    const policy = {
        retryDelaysMs: deps.retryDelaysMs ?? release_download_DEFAULT_RETRY_DELAYS_MS,
        sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
        requestTimeoutMs: deps.requestTimeoutMs ?? 120_000,
        log,
    };
    const base = request.downloadBaseUrl || trivy_release/* TRIVY_RELEASES_URL */.a6;
    const root = deps.tempDir ?? process.env['RUNNER_TEMP'] ?? (0,external_node_os_.tmpdir)();
    await (0,promises_.mkdir)(root, { recursive: true });
    const runDir = deps.workDir ?? (await (0,promises_.mkdtemp)((0,external_node_path_.join)(root, 'csg-run-')));
    const expected = await expectedChecksum(asset, base, deps.knownChecksums ?? trivy_release/* EMBEDDED_TRIVY_CHECKSUMS */.XM, policy);
    const signature = expected.carried ? undefined : await releaseBundle(asset, base, policy);
    const context = { asset, request, base, expected, signature, sigstore: deps.sigstore ?? {}, policy, versionTimeoutMs, runDir };
    const cachedDir = tool_cache/* find */.I6(TOOL_NAME, version, request.arch);
    const cachedArchive = cachedDir ? (0,external_node_path_.join)(cachedDir, asset.fileName) : undefined;
    if (cachedArchive && (await isFile(cachedArchive))) {
        const { path, sha256 } = await useCachedArchive(cachedArchive, context);
        return { path, version, source: 'tool-cache', sha256 };
    }
    // An entry without the archive predates verification at every use: it is replaced, never run.
    if (cachedDir)
        log(`Trivy ${version}: the tool cache entry at ${cachedDir} holds no verifiable ${asset.fileName}; installing a verified copy over it`);
    const { path, sha256 } = await downloadVerifiedTrivy(context, deps.tempDir);
    return { path, version, source: 'download', sha256 };
}
async function useProvidedBinary(trivyPath, requestedVersion, timeoutMs, log) {
    // Hashed while it starts: both read the same large file, and neither needs the other.
    const hashing = sha256OfFile(trivyPath);
    hashing.catch(() => undefined);
    const probe = await probeTrivyVersion(trivyPath, timeoutMs);
    if (!probe.ok) {
        throw new gate_error/* GateError */.ue('trivy-install', `trivy-path '${trivyPath}' does not run: ${probe.problem}`, {
            remedy: `Point trivy-path at a Trivy executable for this runner, or remove trivy-path so the action downloads and verifies Trivy ${trivy_release/* DEFAULT_TRIVY_VERSION */.ss}.`,
            details: probe.details,
        });
    }
    const blocked = (0,trivy_release/* blockedTrivyRelease */.e9)(probe.version);
    if (blocked)
        throw (0,trivy_release/* blockedTrivyReleaseError */.W4)(blocked, { kind: 'trivy-path', path: trivyPath });
    const note = probe.version === (0,trivy_release/* normaliseTrivyVersion */.zN)(requestedVersion) ? '' : ` (trivy-version ${requestedVersion} is ignored when trivy-path is set)`;
    // The user's own binary: not verified, but its identity goes on record, and it must not change during the run.
    const sha256 = await hashing;
    log(`Trivy ${probe.version}: using trivy-path ${trivyPath} (SHA-256 ${sha256}; not verified by the action), no download${note}`);
    return { path: trivyPath, version: probe.version, source: 'trivy-path', sha256 };
}
function requireRunnerDirectories() {
    for (const name of ['RUNNER_TOOL_CACHE', 'RUNNER_TEMP']) {
        if (!process.env[name]) {
            throw new gate_error/* GateError */.ue('trivy-install', `${name} is not set, so Trivy cannot be cached`, {
                remedy: `Run the action on a GitHub Actions runner (which sets ${name}), or set trivy-path to an installed Trivy.`,
            });
        }
    }
}
/**
 * The tool cache holds the verified release archive, never a binary that runs from there: each
 * run copies the archive into its private directory, hashing the bytes it copies, and extracts
 * only a copy that matches.
 */
async function useCachedArchive(cachedArchive, context) {
    const { asset, expected, policy } = context;
    const copy = await copyHashed(cachedArchive, context.runDir, asset.fileName);
    if (copy.sha256 !== expected.sha256) {
        await (0,promises_.rm)(copy.path, { force: true });
        throw new gate_error/* GateError */.ue('trivy-install', `the tool cache copy of ${asset.fileName} (${cachedArchive}) failed SHA-256 verification: expected ${expected.sha256} (${expected.source}), got ${copy.sha256}. It was not run.`, {
            remedy: `The tool cache was changed after the archive was verified: another job on this runner may have tampered with it. Delete ${(0,external_node_path_.dirname)(cachedArchive)}, check the runner, then re-run the job (the action downloads and verifies a fresh copy).`,
        });
    }
    policy.log(`Trivy ${asset.version}: the tool cache copy of ${asset.fileName} matches SHA-256 ${copy.sha256} (${expected.source})`);
    await verifySignature(copy.path, context);
    return extractVerified(copy.path, context);
}
async function downloadVerifiedTrivy(context, tempDir) {
    const { asset, request, base, expected, policy } = context;
    const { version } = asset;
    const root = tempDir ?? process.env['RUNNER_TEMP'] ?? (0,external_node_os_.tmpdir)();
    const workDir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(root, 'trivy-install-'));
    try {
        const url = (0,trivy_release/* trivyReleaseFileUrl */.v)(base, version, asset.fileName);
        const archivePath = (0,external_node_path_.join)(workDir, asset.fileName);
        policy.log(`Trivy ${version}: downloading ${url}`);
        await downloadToFile(url, archivePath, policy).catch((error) => {
            throw downloadFailure(error, asset, base, 'archive');
        });
        // Hash the copy in our private directory: the bytes that pass are the bytes extracted.
        const copy = await copyHashed(archivePath, context.runDir, asset.fileName);
        await (0,promises_.rm)(archivePath, { force: true });
        if (copy.sha256 !== expected.sha256) {
            await (0,promises_.rm)(copy.path, { force: true });
            throw (0,trivy_release/* checksumMismatchError */.cX)(asset.fileName, expected.sha256, copy.sha256, expected.source);
        }
        policy.log(`Trivy ${version}: ${asset.fileName} matches SHA-256 ${copy.sha256} (${expected.source})`);
        await verifySignature(copy.path, context);
        const installed = await extractVerified(copy.path, context);
        // Only a verified archive whose binary runs reaches the tool cache.
        const cachedDir = await tool_cache/* cacheFile */.NJ(copy.path, asset.fileName, TOOL_NAME, version, request.arch);
        policy.log(`Trivy ${version}: installed in the tool cache (${(0,external_node_path_.join)(cachedDir, asset.fileName)}); running ${installed.path}`);
        return installed;
    }
    finally {
        await (0,promises_.rm)(workDir, { recursive: true, force: true });
    }
}
/** For versions whose checksums the action does not carry: the archive must be signed by Trivy's release workflow. */
async function verifySignature(archivePath, context) {
    const { signature, asset, policy } = context;
    if (signature === undefined)
        return;
    try {
        verifyTrivyReleaseBundle(await (0,promises_.readFile)(archivePath), signature.text, { version: asset.version, fileName: asset.fileName, bundleName: signature.name }, context.sigstore);
    }
    catch (error) {
        await (0,promises_.rm)(archivePath, { force: true });
        throw error;
    }
    policy.log(`Trivy ${asset.version}: ${asset.fileName} is signed by ${trivyReleaseIdentity(asset.version)} (${signature.name}, Sigstore)`);
}
/** `<asset>.sigstore.json` (Trivy publishes it since v0.68.1); older releases have only their checksums file. */
async function releaseBundle(asset, base, policy) {
    if (!hasSigstoreBundle(asset.version)) {
        policy.log(`Trivy ${asset.version}: released before Trivy signed its archives with Sigstore (v0.68.1); verified by its checksums file only`);
        return undefined;
    }
    const name = `${asset.fileName}.sigstore.json`;
    const url = (0,trivy_release/* trivyReleaseFileUrl */.v)(base, asset.version, name);
    policy.log(`Trivy ${asset.version}: reading the Sigstore bundle ${url}`);
    const text = await downloadText(url, policy).catch((error) => {
        throw downloadFailure(error, asset, base, 'bundle');
    });
    return { name, text };
}
/** Extracts a verified archive (in the run's directory), checks the binary runs as the right version, records its SHA-256. */
async function extractVerified(archivePath, context) {
    const { asset, request, base, versionTimeoutMs } = context;
    const { version } = asset;
    const extractDir = (0,external_node_path_.join)((0,external_node_path_.dirname)(archivePath), 'extracted');
    try {
        if (asset.archive === 'zip')
            await tool_cache/* extractZip */.JE(archivePath, extractDir);
        else
            await tool_cache/* extractTar */.nN(archivePath, extractDir);
    }
    catch (error) {
        throw new gate_error/* GateError */.ue('trivy-install', `${asset.fileName} could not be extracted (truncated or corrupt archive): ${error.message}`, {
            cause: error,
            remedy: `The archive matches its checksum, so the release file itself is damaged: check the copy at ${base}/v${version}/, or use another trivy-version.`,
        });
    }
    const binary = (0,external_node_path_.join)(extractDir, asset.binaryName);
    if (!(await isFile(binary))) {
        throw new gate_error/* GateError */.ue('trivy-install', `${asset.fileName} does not contain '${asset.binaryName}' at its top level (truncated or not a Trivy release archive)`, {
            remedy: `Check the copy at ${base}/v${version}/${asset.fileName} against the official release.`,
        });
    }
    await (0,promises_.chmod)(binary, 0o700);
    const sha256 = await sha256OfFile(binary);
    const probe = await probeTrivyVersion(binary, versionTimeoutMs);
    if (!probe.ok || probe.version !== version) {
        throw new gate_error/* GateError */.ue('trivy-install', `the trivy binary in ${asset.fileName} ${probe.ok ? `reports version ${probe.version}, not ${version}` : `does not run: ${probe.problem}`}`, { remedy: `Check that trivy-version (${version}) and the runner platform (${request.platform}/${request.arch}) match the release served at ${base}.`, details: probe.ok ? [] : probe.details });
    }
    return { path: binary, sha256 };
}
async function expectedChecksum(asset, base, knownChecksums, policy) {
    const embedded = (0,trivy_release/* embeddedChecksum */.k$)(knownChecksums, asset.fileName);
    if (embedded !== undefined)
        return { sha256: embedded, source: 'checksum carried by the action', carried: true };
    const checksumsName = (0,trivy_release/* trivyChecksumsFileName */.eS)(asset.version);
    const url = (0,trivy_release/* trivyReleaseFileUrl */.v)(base, asset.version, checksumsName);
    policy.log(`Trivy ${asset.version}: the action carries no checksum for ${asset.fileName}; reading ${url}`);
    const text = await downloadText(url, policy).catch((error) => {
        throw downloadFailure(error, asset, base, 'checksums');
    });
    const lookup = (0,trivy_release/* lookupChecksum */.oJ)((0,trivy_release/* parseChecksumsFile */.S7)(text), asset.fileName);
    if (lookup.kind !== 'found') {
        const problem = lookup.kind === 'missing' ? `has no SHA-256 line for ${asset.fileName}` : `lists ${asset.fileName} with conflicting SHA-256 values`;
        throw new gate_error/* GateError */.ue('trivy-install', `${checksumsName} ${problem}; refusing to install an archive that cannot be verified`, {
            remedy: `Use a release whose checksums file lists this asset, or the pinned default ${trivy_release/* DEFAULT_TRIVY_VERSION */.ss} (its checksums are built in).`,
        });
    }
    return { sha256: lookup.sha256, source: checksumsName, carried: false };
}
function downloadFailure(error, asset, base, what) {
    if (!(error instanceof DownloadError)) {
        return new gate_error/* GateError */.ue('trivy-install', `downloading Trivy ${asset.version} failed: ${error.message}`, {
            cause: error,
            remedy: 'Re-run the job; if it persists, set trivy-path to a preinstalled Trivy.',
        });
    }
    const fileName = what === 'archive' ? asset.fileName : what === 'bundle' ? `${asset.fileName}.sigstore.json` : (0,trivy_release/* trivyChecksumsFileName */.eS)(asset.version);
    if (error.kind === 'not-found') {
        const missing = what === 'archive'
            ? `Trivy ${asset.version} has no release asset ${fileName} there: the version does not exist, or the mirror does not carry it`
            : `the release directory has no ${fileName}, so the download cannot be verified`;
        return new gate_error/* GateError */.ue('trivy-install', `${error.message}: ${missing}`, {
            cause: error,
            remedy: base === trivy_release/* TRIVY_RELEASES_URL */.a6
                ? `Check trivy-version against https://github.com/aquasecurity/trivy/releases, or use the pinned default ${trivy_release/* DEFAULT_TRIVY_VERSION */.ss}.`
                : `Copy ${fileName} from the official release to ${base}/v${asset.version}/ (trivy-download-url), or use the pinned default ${trivy_release/* DEFAULT_TRIVY_VERSION */.ss}.`,
        });
    }
    const tries = error.attempts > 1 ? ` (after ${error.attempts} attempts)` : '';
    return new gate_error/* GateError */.ue('trivy-install', `could not download ${fileName}: ${error.message}${tries}`, {
        cause: error,
        remedy: base === trivy_release/* TRIVY_RELEASES_URL */.a6
            ? 'GitHub did not deliver the release; re-run the job later, set trivy-download-url to a mirror, or set trivy-path to a preinstalled Trivy.'
            : `The mirror at ${base} did not deliver the file; check it, or set trivy-path to a preinstalled Trivy.`,
    });
}
async function isFile(path) {
    try {
        return (await (0,promises_.stat)(path)).isFile();
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: ./node_modules/tweetnacl/nacl-fast.js
var nacl_fast = __webpack_require__(80668);
;// CONCATENATED MODULE: ./build/domain/attest/dsse.js
/** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in bytes. */
function preAuthEncoding(payloadType, payload) {
    const type = Buffer.from(payloadType, 'utf8');
    return Buffer.concat([
        Buffer.from(`DSSEv1 ${type.length} `, 'utf8'),
        type,
        Buffer.from(` ${payload.length} `, 'utf8'),
        Buffer.from(payload),
    ]);
}
function envelopeOf(payloadType, payload, signatures) {
    return { payloadType, payload: Buffer.from(payload).toString('base64'), signatures };
}
/** The payload bytes an envelope carries. */
function envelopePayload(envelope) {
    return Buffer.from(envelope.payload, 'base64');
}

// EXTERNAL MODULE: ./build/domain/attest/in-toto.js
var in_toto = __webpack_require__(80949);
;// CONCATENATED MODULE: ./build/adapters/attest/key-signer.js






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
function keyError(message, cause) {
    return new gate_error/* GateError */.ue('input-error', `input 'attest-key': ${message}`, {
        remedy: "give the PEM text of an ECDSA P-256 private key (PKCS#8), or the cosign.key of `cosign generate-key-pair` with attest-key-password",
        ...(cause !== undefined && { cause }),
    });
}
function decryptCosignKey(body, password) {
    let parsed;
    try {
        parsed = JSON.parse(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'));
    }
    catch (error) {
        throw keyError('the encrypted key is not cosign\'s format (its body is not JSON)', error);
    }
    const { kdf, cipher, ciphertext } = parsed;
    if (kdf?.name !== 'scrypt' || cipher?.name !== 'nacl/secretbox' || !kdf.salt || !cipher.nonce || !ciphertext) {
        throw keyError('the encrypted key is not cosign\'s format (expected scrypt + nacl/secretbox)');
    }
    const { N, r, p } = kdf.params ?? {};
    if (!ALLOWED_SCRYPT.has(`${N}/${r}/${p}`))
        throw keyError('the encrypted key uses scrypt parameters cosign never writes');
    const nonce = Buffer.from(cipher.nonce, 'base64');
    if (nonce.length !== nacl_fast.secretbox.nonceLength)
        throw keyError('the encrypted key has a nonce of the wrong size');
    const key = (0,external_node_crypto_.scryptSync)(Buffer.from(password, 'utf8'), Buffer.from(kdf.salt, 'base64'), nacl_fast.secretbox.keyLength, {
        N: N,
        r: r,
        p: p,
        maxmem: 256 * N * r + 1024 * 1024,
    });
    const opened = nacl_fast.secretbox.open(Buffer.from(ciphertext, 'base64'), nonce, key);
    if (!opened) {
        throw new gate_error/* GateError */.ue('input-error', "input 'attest-key-password': it does not decrypt attest-key", {
            remedy: 'give the password cosign generate-key-pair was run with (COSIGN_PASSWORD)',
        });
    }
    return Buffer.from(opened);
}
/** The private key from `attest-key` text; throws an input error naming what is wrong, never the key. */
function loadSigningKey(pem, password) {
    const encrypted = ENCRYPTED_PEM.exec(pem);
    let key;
    try {
        key = encrypted
            ? (0,external_node_crypto_.createPrivateKey)({ key: decryptCosignKey(encrypted[2], password), format: 'der', type: 'pkcs8' })
            : (0,external_node_crypto_.createPrivateKey)({ key: pem, format: 'pem' });
    }
    catch (error) {
        if (error instanceof gate_error/* GateError */.ue)
            throw error;
        throw keyError('it is not a PEM private key Node can read', error);
    }
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
        throw keyError(`it is a ${key.asymmetricKeyType ?? 'unknown'} key; cosign-compatible signing here needs ECDSA P-256`);
    }
    return key;
}
/** The PEM public key a verifier gives `cosign verify-attestation --key`. */
function publicKeyPem(key) {
    return createPublicKey(key).export({ format: 'pem', type: 'spki' }).toString();
}
function createKeySigner(pem, password) {
    const key = loadSigningKey(pem, password);
    // cosign's hint for a key in a bundle: base64 of the SHA-256 of the public key's SPKI DER.
    const hint = (0,external_node_crypto_.createHash)('sha256').update((0,external_node_crypto_.createPublicKey)(key).export({ format: 'der', type: 'spki' })).digest('base64');
    return {
        mode: 'key',
        async sign(statement) {
            const signature = (0,external_node_crypto_.sign)('sha256', preAuthEncoding(in_toto/* IN_TOTO_PAYLOAD_TYPE */.T4, statement), { key, dsaEncoding: 'der' });
            // cosign signs with an empty keyid and matches keys by trying them, so do the same.
            const envelope = envelopeOf(in_toto/* IN_TOTO_PAYLOAD_TYPE */.T4, statement, [{ keyid: '', sig: signature.toString('base64') }]);
            return { envelope, bundle: (0,referrers_layout/* keySignedBundle */.mO)(envelope, hint) };
        },
    };
}

;// CONCATENATED MODULE: ./build/adapters/trivy/run-trivy.js



/** SIGTERM starts Trivy's graceful shutdown; SIGKILL follows if that does not end it. */
const KILL_GRACE_MS = 5_000;
/**
 * The environment Trivy runs with: the runner's, minus every TRIVY_* variable (they would
 * silently change severity filters, skip dirs, servers...) and every INPUT_* variable (the
 * action's inputs, tokens and passwords among them: Trivy needs none), plus ours.
 */
function trivyEnvironment(base, extra = {}) {
    const env = {};
    for (const [key, value] of Object.entries(base)) {
        if (value !== undefined && !/^(TRIVY_|INPUT_)/i.test(key))
            env[key] = value;
    }
    return { ...env, ...extra };
}
/**
 * Runs Trivy to completion. Resolves with the exit status; rejects only if it cannot start, or
 * (reason trivy-install) if its bytes are no longer the ones verified.
 */
async function runTrivy(request) {
    if (request.trivySha256 !== undefined)
        await requireUnchangedTrivy({ path: request.trivyPath, sha256: request.trivySha256 });
    return spawnTrivy(request);
}
function spawnTrivy(request) {
    return new Promise((resolve, reject) => {
        const stderr = [];
        let killedAfterSeconds;
        let forceKill;
        const child = (0,external_node_child_process_.spawn)(request.trivyPath, [...request.args], {
            cwd: request.cwd,
            env: trivyEnvironment(process.env, request.env),
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        const emit = (stream, line) => {
            const clean = line.replace(/\r$/, '');
            // Only stderr is evidence for classification; stdout (e.g. usage text) is just logged.
            if (stream === 'stderr')
                stderr.push(clean);
            if (clean.trim() !== '')
                request.onLine(clean);
        };
        // One line buffer per stream, so a partial stdout line never splices into stderr.
        const pending = { stdout: '', stderr: '' };
        const reader = (stream) => (chunk) => {
            const lines = (pending[stream] + chunk).split('\n');
            pending[stream] = lines.pop() ?? '';
            for (const line of lines)
                emit(stream, line);
        };
        // With --output the report goes to a file; anything on stdout is log material too.
        // setEncoding decodes across chunk boundaries (a split multi-byte character stays whole).
        child.stdout.setEncoding('utf8');
        child.stderr.setEncoding('utf8');
        child.stdout.on('data', reader('stdout'));
        child.stderr.on('data', reader('stderr'));
        const killTimer = setTimeout(() => {
            killedAfterSeconds = Math.round(request.killAfterMs / 1000);
            child.kill('SIGTERM');
            forceKill = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
        }, request.killAfterMs);
        const stop = () => {
            child.kill('SIGTERM');
            forceKill ??= setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
        };
        if (request.signal?.aborted)
            stop();
        request.signal?.addEventListener('abort', stop, { once: true });
        child.on('error', (error) => {
            request.signal?.removeEventListener('abort', stop);
            clearTimeout(killTimer);
            if (forceKill)
                clearTimeout(forceKill);
            reject(new gate_error/* GateError */.ue('scan-error', `could not start Trivy at ${request.trivyPath}: ${error.message}`, {
                cause: error,
                remedy: "Check 'trivy-path', or leave it empty so the action installs Trivy.",
            }));
        });
        child.on('close', (exitCode, signal) => {
            request.signal?.removeEventListener('abort', stop);
            clearTimeout(killTimer);
            if (forceKill)
                clearTimeout(forceKill);
            if (pending.stdout !== '')
                emit('stdout', pending.stdout);
            if (pending.stderr !== '')
                emit('stderr', pending.stderr);
            resolve({ exitCode, signal, killedAfterSeconds, stderr });
        });
    });
}

;// CONCATENATED MODULE: ./build/adapters/attest/sbom.js




/**
 * The CycloneDX SBOM of the image, from the image report the gate decided on: `trivy convert`
 * turns the JSON report (which lists the packages) into CycloneDX without scanning again, so
 * the SBOM describes exactly the scanned image. Trivy writes CycloneDX 1.6+; anything older
 * than 1.5 is refused, as is anything that is not a CycloneDX BOM.
 */
async function writeCycloneDxSbom(args) {
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(args.outputFile), { recursive: true });
    const reportFile = `${args.outputFile}.trivy-report.json`;
    await (0,promises_.writeFile)(reportFile, JSON.stringify(args.report));
    const stderr = [];
    // The report quotes what the scan saw: it must not stay beside the `sbom` output (which
    // workflows upload as an artifact, a whole directory of them with `platforms`).
    const result = await runTrivy({
        trivyPath: args.trivyPath,
        trivySha256: args.trivySha256,
        args: ['convert', '--format', 'cyclonedx', '--output', args.outputFile, '--quiet', '--', reportFile],
        cwd: (0,external_node_path_.dirname)(args.outputFile),
        killAfterMs: args.timeoutSeconds * 1000,
        onLine: (line) => stderr.push(line),
    }).finally(() => (0,promises_.rm)(reportFile, { force: true }));
    if (result.exitCode !== 0) {
        throw new gate_error/* GateError */.ue('attest-error', `trivy convert --format cyclonedx failed (exit ${result.exitCode ?? result.signal})`, {
            details: [...result.stderr, ...stderr].slice(-20),
        });
    }
    const bytes = await (0,promises_.readFile)(args.outputFile);
    let bom;
    try {
        bom = JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new gate_error/* GateError */.ue('attest-error', `trivy convert wrote ${args.outputFile}, which is not JSON`);
    }
    const [major, minor] = String(bom.specVersion ?? '').split('.').map(Number);
    if (bom.bomFormat !== 'CycloneDX' || major !== 1 || minor === undefined || !(minor >= 5)) {
        throw new gate_error/* GateError */.ue('attest-error', `trivy convert wrote a ${String(bom.bomFormat)} ${String(bom.specVersion)} document, not CycloneDX 1.5 or newer`);
    }
    return bytes;
}

// EXTERNAL MODULE: ./build/domain/attest/verdict-predicate.js
var verdict_predicate = __webpack_require__(37530);
// EXTERNAL MODULE: ./build/domain/vex/openvex.js
var openvex = __webpack_require__(51322);
// EXTERNAL MODULE: ./build/version.js
var version = __webpack_require__(58508);
;// CONCATENATED MODULE: ./build/live-attest-port.js








/** The attest phase's real world: the key or Sigstore, Trivy for the SBOM, the Trivy DB metadata, the registry. */
function createLiveAttestPort(inputs, registry, runDir, 
/** The SHA-256 the installer recorded for the Trivy it verified: `trivy convert` is checked against it before it runs, like every scan. */
trivySha256, env = process.env) {
    return {
        hasOidcToken: Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL),
        openSigner: (mode) => mode === 'key'
            ? createKeySigner(inputs.attestKey, inputs.attestKeyPassword)
            : lazyKeylessSigner(env, inputs.timeoutSeconds * 1000),
        registry,
        async writeSbom(report, trivyPath, platform) {
            // The run's own directory: two jobs sharing RUNNER_TEMP must never read each other's SBOM.
            const path = platform === undefined ? (0,external_node_path_.join)(runDir, 'sbom.cdx.json') : (0,external_node_path_.join)(runDir, 'sbom', `${platform.replaceAll('/', '-')}.cdx.json`);
            if (platform !== undefined)
                await (0,promises_.mkdir)((0,external_node_path_.dirname)(path), { recursive: true });
            return { path, bytes: await writeCycloneDxSbom({ trivyPath, trivySha256: trivySha256(), report, outputFile: path, timeoutSeconds: inputs.timeoutSeconds }) };
        },
        async trivyDatabase() {
            try {
                const metadata = JSON.parse(await (0,promises_.readFile)((0,external_node_path_.join)(inputs.trivyCacheDir, 'db', 'metadata.json'), 'utf8'));
                return {
                    updatedAt: typeof metadata.UpdatedAt === 'string' ? metadata.UpdatedAt : undefined,
                    version: typeof metadata.Version === 'number' ? metadata.Version : undefined,
                };
            }
            catch {
                // Trivy server mode has no local DB: the predicate records null rather than guessing.
                return undefined;
            }
        },
        // The policy file's exceptions as OpenVEX about this very digest, signed like the other statements.
        async openVex({ decision, subject }) {
            const registryHost = subject.name.slice(0, subject.name.length - subject.repository.length - 1);
            const { document } = (0,openvex/* buildOpenVex */.gA)({
                decision,
                product: { kind: 'pushed', registry: registryHost, repository: subject.repository, digest: subject.digest },
                author: `container-security-gate policy file ${inputs.policyFile}`,
                tooling: `container-security-gate ${version/* ACTION_VERSION */.Y}`,
            });
            return document;
        },
        run: (0,verdict_predicate/* runContextFrom */.B)(env),
        runId: env.GITHUB_RUN_ID,
        notice: (line) => core/* notice */.lm(line),
        info: (line) => core/* info */.pq(line),
    };
}
/** sigstore-js loads only when a keyless run signs: other runs never pay for it. */
function lazyKeylessSigner(env, timeoutMs) {
    let signer;
    return {
        mode: 'keyless',
        async sign(statement) {
            signer ??= Promise.all(/* import() */[__webpack_require__.e(179), __webpack_require__.e(112)]).then(__webpack_require__.bind(__webpack_require__, 98112)).then(({ createKeylessSigner }) => createKeylessSigner({ env, onSecret: (value) => core/* setSecret */.Pq(value), timeoutMs }));
            return (await signer).sign(statement);
        },
    };
}

;// CONCATENATED MODULE: ./build/adapters/attest/attachment-registry.js

/**
 * The registry as attaching sees it: writes go through the push path's own port (it checks
 * the digest the registry reports), reads through a registry client with the same
 * credentials — the existing `.att` manifest whose other attestations must survive, the
 * subject manifest a referrer names, and whether the registry serves the referrers API.
 */
function attachmentRegistry(writer, where, client = createRegistryClient()) {
    const location = (repository) => ({ registry: where.registry, repository, credentials: where.credentials });
    return {
        putBlob: (repository, bytes, mediaType) => writer.putBlob(repository, bytes, mediaType),
        putManifest: (repository, reference, bytes, mediaType) => writer.putManifest(repository, reference, bytes, mediaType),
        async getManifest(repository, reference) {
            return (await client.findManifest({ ...location(repository), reference }))?.bytes;
        },
        referrers: (repository, digest) => client.listReferrers(location(repository), digest),
    };
}

;// CONCATENATED MODULE: ./build/domain/trivy-args.js
/*
 * Trivy command lines as plain argument arrays (never shell strings), so they can be
 * asserted in tests and logged exactly as run. Flag names are those of Trivy v0.74.0
 * (pkg/flag in the Trivy source).
 */
/**
 * Flags that keep every Trivy call quiet and off the network except where we ask for it:
 * - `--skip-version-check` + `--disable-telemetry`: only both together skip the request to
 *   Aqua's version/telemetry endpoint (pkg/notification: RunUpdateCheck).
 * - `--no-progress`: progress bars are noise in a CI log.
 */
const TRIVY_QUIET_FLAGS = ['--skip-version-check', '--disable-telemetry', '--no-progress'];
/**
 * Added to every scan, so that after `prepareDatabase` a scan touches no network:
 * - `--skip-db-update`: the vulnerability DB was prepared once for the job.
 * - `--skip-check-update`: no checks-bundle download; misconfiguration scanning falls back to
 *   the checks embedded in the binary (Trivy logs "Falling back to embedded checks").
 * - `--offline-scan`: no API requests to identify dependencies (e.g. Maven Central for jars).
 */
const TRIVY_OFFLINE_SCAN_FLAGS = ['--skip-db-update', '--skip-check-update', '--offline-scan'];
/**
 * `--cache-backend memory`: the per-artifact scan cache (fanal.db) is not written to the cache
 * directory, so the directory we keep between runs holds only the DB, and two scans of one job
 * never contend for fanal.db's file lock.
 */
const TRIVY_SCAN_CACHE_FLAGS = ['--cache-backend', 'memory'];
/**
 * `--cache-backend fs`: image scans keep per-layer analysis in <cache-dir>/fanal/fanal.db
 * (keyed by layer digest and analyser versions), so an unchanged layer is not analysed again.
 * Only image scans use it, one at a time; the context scan stays in memory, so no two scans
 * of a job ever wait on fanal.db's lock. Vulnerabilities are matched at report time.
 */
const TRIVY_LAYER_CACHE_FLAGS = ['--cache-backend', 'fs'];
/**
 * The Java DB is only fetched by Trivy when a scan finds jar files, and it is large.
 * Air-gapped runs (skip-db-update) must never fetch it; other runs let Trivy fetch it on
 * demand so Java images can still be scanned (a failure there is classified `db-download`).
 */
const TRIVY_SKIP_JAVA_DB_FLAG = '--skip-java-db-update';
/** Suppressed findings stay in the JSON report, each with its source and statement. */
const TRIVY_SHOW_SUPPRESSED_FLAG = '--show-suppressed';
function timeoutFlag(seconds) {
    if (!Number.isInteger(seconds) || seconds <= 0) {
        throw new RangeError(`Trivy timeout must be a positive whole number of seconds, got ${seconds}`);
    }
    return ['--timeout', `${seconds}s`];
}
function cacheDirFlag(cacheDir) {
    if (cacheDir === '')
        throw new RangeError('Trivy cache directory must not be empty');
    return ['--cache-dir', cacheDir];
}
/** `trivy image --download-db-only` from one repository; the caller retries and falls back. */
function buildDbDownloadArgs(options) {
    if (options.repository.trim() === '')
        throw new RangeError('DB repository must not be empty');
    return [
        'image',
        '--download-db-only',
        '--db-repository',
        options.repository,
        ...cacheDirFlag(options.cacheDir),
        ...timeoutFlag(options.timeoutSeconds),
        ...TRIVY_QUIET_FLAGS,
    ];
}
function scanFlags(options) {
    if (options.scanners.length === 0)
        throw new RangeError('at least one Trivy scanner is required');
    if (options.outputFile === '')
        throw new RangeError('Trivy output file must not be empty');
    const args = [
        // JSON to a file: the gate decides from the parsed report, never from Trivy's exit code,
        // so neither --exit-code nor --severity is passed (every finding reaches the policy).
        '--format',
        'json',
        '--output',
        options.outputFile,
        '--scanners',
        [...new Set(options.scanners)].join(','),
        ...cacheDirFlag(options.cacheDir),
        ...timeoutFlag(options.timeoutSeconds),
        ...TRIVY_QUIET_FLAGS,
        ...TRIVY_OFFLINE_SCAN_FLAGS,
        ...(options.scanCache === 'layers' ? TRIVY_LAYER_CACHE_FLAGS : TRIVY_SCAN_CACHE_FLAGS),
        // What an ignore file or VEX document takes out is still written to the report
        // (ExperimentalModifiedFindings), so the gate can name every suppressed finding.
        TRIVY_SHOW_SUPPRESSED_FLAG,
    ];
    if (options.skipDbUpdate)
        args.push(TRIVY_SKIP_JAVA_DB_FLAG);
    if (options.server !== undefined && options.server !== '')
        args.push('--server', options.server);
    if (options.ignoreFile !== undefined && options.ignoreFile !== '')
        args.push('--ignorefile', options.ignoreFile);
    // With --show-suppressed (always on), what a VEX statement suppresses stays in the report, listed.
    if (options.vex !== undefined)
        for (const source of options.vex)
            args.push('--vex', source);
    return args;
}
/** `trivy fs` over the build context. `--` keeps a target that starts with '-' a path. */
function buildFilesystemScanArgs(options) {
    if (options.target === '')
        throw new RangeError('filesystem scan target must not be empty');
    return ['fs', ...scanFlags(options), '--', options.target];
}
/** `trivy image` from exactly one image source (Trivy would otherwise try docker, containerd, podman, remote). */
function buildImageScanArgs(options) {
    if (options.image === '')
        throw new RangeError('image to scan must not be empty');
    const source = options.imageSource ?? 'docker';
    if (source === 'archive') {
        // A bare name: --input takes no `--` guard, so nothing here may read as a flag or a path elsewhere.
        if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/.test(options.image))
            throw new RangeError(`image archive must be a plain file name in Trivy's working directory, got ${JSON.stringify(options.image)}`);
        return ['image', ...scanFlags(options), '--input', options.image];
    }
    const args = ['image', '--image-src', source, ...scanFlags(options)];
    if (source === 'docker' && options.dockerHost !== undefined && options.dockerHost !== '') {
        args.push('--docker-host', options.dockerHost);
    }
    if (options.platform)
        args.push('--platform', options.platform);
    return [...args, '--', options.image];
}

;// CONCATENATED MODULE: ./build/domain/trivy-failure.js

const MAX_DETAIL_LINES = 40;
const MAX_DETAIL_LENGTH = 600;
/** Logged as ERROR by every misconfiguration scan with --skip-check-update; not a failure. */
const BENIGN_LINES = [/Falling back to embedded checks/];
const TIMEOUT = [/context deadline exceeded/i, /Provide a higher timeout value/i];
const RATE_LIMIT = [/TOOMANYREQUESTS/, /\b429\b/, /rate limit/i, /too many requests/i];
const SERVER_ERROR = [/unexpected status code 5\d\d/i, /\bstatus(?: code)?:? 5\d\d\b/i, /\b50[0234] (?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)/i];
const NETWORK_TIMEOUT = [/i\/o timeout/i, /TLS handshake timeout/i, /Client\.Timeout exceeded/i, /connection reset by peer/i, /unexpected EOF/i];
const LOCAL_IMAGE_MISSING = [/unable to find the specified image/i, /No such image/i];
// `no child with platform`: the published index lacks the platform asked for (`--platform`).
const MANIFEST_MISSING = [/MANIFEST_UNKNOWN/, /NAME_UNKNOWN/, /no child with platform/];
const REGISTRY_DENIED = [/UNAUTHORIZED/, /DENIED/, /authentication required/i];
const NO_LOCAL_DB = [
    /--skip-db-update cannot be specified on the first run/,
    /--skip-db-update cannot be specified with the old DB schema/,
    /version of DB schema doesn't match/,
    /init error: DB error/,
];
const DB_IN_USE = [/vulnerability database may be in use by another process/, /cache may be in use by another process/];
const JAVA_DB = [/Java DB/];
const SERVER_UNREACHABLE = [/twirp error/i, /unable to store cache on the server/i];
function anyLine(lines, patterns) {
    return lines.some((line) => patterns.some((pattern) => pattern.test(line)));
}
/**
 * The lines that explain the failure: from the first FATAL on, plus earlier ERROR/WARN lines,
 * minus known noise. Trivy continues a FATAL error on tab-indented lines, which are kept.
 */
function relevantTrivyLines(stderr) {
    const lines = stderr.map((line) => line.trimEnd()).filter((line) => line.trim() !== '');
    const fatalAt = lines.findIndex((line) => /\bFATAL\b/.test(line));
    const before = (fatalAt === -1 ? lines : lines.slice(0, fatalAt)).filter((line) => /\t(ERROR|WARN)\t|\b(ERROR|WARN)\b/.test(line) && !BENIGN_LINES.some((p) => p.test(line)));
    const fatal = fatalAt === -1 ? [] : lines.slice(fatalAt);
    let picked = [...before, ...fatal];
    // Nothing recognisable (a crash, a panic): the tail of the output is the best evidence.
    if (picked.length === 0)
        picked = lines.slice(-MAX_DETAIL_LINES);
    return picked
        .slice(-MAX_DETAIL_LINES)
        .map((line) => (line.length > MAX_DETAIL_LENGTH ? `${line.slice(0, MAX_DETAIL_LENGTH)}…` : line));
}
function describeExit(failure) {
    if (failure.killedAfterSeconds !== undefined)
        return `was stopped after ${failure.killedAfterSeconds}s`;
    if (failure.signal !== null)
        return `was ended by ${failure.signal}`;
    return `exited with code ${failure.exitCode ?? 'unknown'}`;
}
const OPERATION_NAME = {
    'db-download': 'vulnerability DB download',
    'filesystem-scan': 'filesystem scan',
    'image-scan': 'image scan',
    'published-image-scan': 'scan of the published image',
};
function classifyTrivyFailure(failure) {
    const lines = failure.stderr;
    const details = relevantTrivyLines(lines);
    const what = `Trivy ${OPERATION_NAME[failure.operation]} of ${failure.subject} ${describeExit(failure)}`;
    const result = (reason, why, remedy, retryable = false) => ({
        reason,
        why,
        message: `${what}: ${why}`,
        remedy,
        retryable,
        details,
    });
    const timedOut = failure.killedAfterSeconds !== undefined || anyLine(lines, TIMEOUT);
    if (failure.operation === 'db-download') {
        if (timedOut) {
            return result('db-download', 'the download timed out', dbDownloadRemedy(), true);
        }
        if (anyLine(lines, RATE_LIMIT)) {
            return result('db-download', 'the registry is rate limiting downloads (429 TOOMANYREQUESTS)', dbDownloadRemedy(), true);
        }
        if (anyLine(lines, SERVER_ERROR)) {
            return result('db-download', 'the registry answered with a server error (5xx)', dbDownloadRemedy(), true);
        }
        if (anyLine(lines, NETWORK_TIMEOUT)) {
            return result('db-download', 'the connection to the registry timed out or broke', dbDownloadRemedy(), true);
        }
        return result('db-download', 'the DB could not be downloaded from this repository', dbDownloadRemedy());
    }
    if (timedOut) {
        return result('timeout', 'the scan did not finish in time', "Raise the 'timeout' input (seconds), or make the build context or image smaller (.dockerignore).");
    }
    if (failure.operation === 'image-scan' && anyLine(lines, LOCAL_IMAGE_MISSING)) {
        return result('image-not-found', 'the image is not in the local Docker engine', 'The image must be built in this job by the same Docker engine Trivy talks to (check DOCKER_HOST).');
    }
    if (failure.operation === 'published-image-scan') {
        if (anyLine(lines, MANIFEST_MISSING)) {
            return result('image-not-found', 'the registry has no such image', 'Check the image name and tag.');
        }
        if (anyLine(lines, REGISTRY_DENIED)) {
            return result('registry-auth', 'the registry refused access', "Check 'registry-username' and 'registry-password' (for GHCR: `permissions: packages: read`).");
        }
    }
    if (anyLine(lines, JAVA_DB)) {
        return result('db-download', 'the Java DB (needed for .jar files) is not available', "Allow the runner to reach the Java DB (mirror.gcr.io/aquasec/trivy-java-db), or prepare it in 'trivy-cache-dir' for air-gapped runs.");
    }
    if (anyLine(lines, DB_IN_USE)) {
        return result('scan-error', 'the Trivy cache is locked by another process', "Give each concurrent job its own 'trivy-cache-dir'.");
    }
    if (anyLine(lines, NO_LOCAL_DB)) {
        return result('scan-error', 'there is no usable vulnerability DB in the cache directory', "With 'skip-db-update: true' the DB must already be in 'trivy-cache-dir' (db/trivy.db and db/metadata.json, schema 2); otherwise set 'skip-db-update: false'.");
    }
    if (failure.server !== undefined && anyLine(lines, SERVER_UNREACHABLE)) {
        return result('scan-error', `the Trivy server ${failure.server} could not be reached`, "Check that the server in 'trivy-server' is running and reachable from the runner, or remove the input to scan locally.");
    }
    return result('scan-error', 'Trivy failed', 'See the Trivy lines below; re-run with ACTIONS_STEP_DEBUG for the full log.');
}
function dbDownloadRemedy() {
    return "Retry later, list a mirror in 'db-repository', or prepare the DB in 'trivy-cache-dir' and set 'skip-db-update: true'.";
}
function trivyFailureError(failure) {
    const classified = classifyTrivyFailure(failure);
    return new GateError(classified.reason, classified.message, {
        remedy: classified.remedy,
        details: classified.details,
    });
}
/** A zero exit is not enough: no report (or an unreadable one) is a failure too. */
function missingReportError(operation, subject, outputFile, stderr) {
    return new gate_error/* GateError */.ue('scan-error', `Trivy ${OPERATION_NAME[operation]} of ${subject} exited 0 but wrote no report to ${outputFile}`, {
        remedy: 'The gate cannot decide without a report. Check the disk space of the runner and the Trivy lines below.',
        details: relevantTrivyLines(stderr),
    });
}
/** Every repository failed: one error that says what happened at each. */
function dbDownloadError(attempts) {
    const repositories = [...new Set(attempts.map((a) => a.repository))];
    const lastPerRepository = repositories.map((repository) => {
        const last = [...attempts].reverse().find((a) => a.repository === repository);
        const tries = attempts.filter((a) => a.repository === repository).length;
        return { repository, tries, failure: last?.failure };
    });
    const summary = lastPerRepository
        .map(({ repository, tries, failure }) => `${repository} (${tries} ${tries === 1 ? 'try' : 'tries'}): ${failure?.why ?? 'failed'}`)
        .join('; ');
    return new gate_error/* GateError */.ue('db-download', `the Trivy vulnerability DB could not be downloaded from any repository: ${summary}`, {
        remedy: dbDownloadRemedy(),
        details: lastPerRepository.flatMap(({ repository, failure }) => [`${repository}:`, ...(failure?.details ?? []).map((l) => `  ${l}`)]),
    });
}

// EXTERNAL MODULE: ./build/domain/trivy-report.js + 1 modules
var trivy_report = __webpack_require__(93855);
;// CONCATENATED MODULE: ./build/adapters/trivy/layer-cache-dir.js


async function openImageScanCacheDir(cacheDir, workDir) {
    const shared = (0,external_node_path_.resolve)(cacheDir);
    await (0,promises_.mkdir)(workDir, { recursive: true });
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(workDir, 'image-scan-cache-'));
    await (0,promises_.mkdir)((0,external_node_path_.join)(dir, 'fanal'));
    await (0,promises_.mkdir)((0,external_node_path_.join)(shared, 'java-db'), { recursive: true });
    await (0,promises_.symlink)((0,external_node_path_.join)(shared, 'db'), (0,external_node_path_.join)(dir, 'db'));
    await (0,promises_.symlink)((0,external_node_path_.join)(shared, 'java-db'), (0,external_node_path_.join)(dir, 'java-db'));
    await (0,promises_.copyFile)((0,external_node_path_.join)(shared, 'fanal', 'fanal.db'), (0,external_node_path_.join)(dir, 'fanal', 'fanal.db')).catch((error) => {
        if (error.code !== 'ENOENT')
            throw error;
    });
    const discard = () => (0,promises_.rm)(dir, { recursive: true, force: true });
    return {
        dir,
        discard,
        async keep() {
            try {
                await (0,promises_.mkdir)((0,external_node_path_.join)(shared, 'fanal'), { recursive: true });
                const staged = (0,external_node_path_.join)(shared, 'fanal', `.fanal.db.${process.pid}.${Date.now()}`);
                await (0,promises_.copyFile)((0,external_node_path_.join)(dir, 'fanal', 'fanal.db'), staged);
                await (0,promises_.rename)(staged, (0,external_node_path_.join)(shared, 'fanal', 'fanal.db'));
            }
            finally {
                await discard();
            }
        },
    };
}

;// CONCATENATED MODULE: ./build/adapters/trivy/database.js






/** Pauses between tries on one repository: rate limits and 5xx usually clear within a minute. */
const DEFAULT_DB_RETRY_DELAYS_MS = [10_000, 30_000];
/** The two files Trivy needs to scan with --skip-db-update (pkg/db NeedsUpdate). */
function dbFiles(cacheDir) {
    return [(0,external_node_path_.join)(cacheDir, 'db', 'trivy.db'), (0,external_node_path_.join)(cacheDir, 'db', 'metadata.json')];
}
/** metadata.json's text (Trivy rewrites it on every download), or undefined when absent. */
async function dbMetadata(cacheDir) {
    return (0,promises_.readFile)((0,external_node_path_.join)(cacheDir, 'db', 'metadata.json'), 'utf8').catch(() => undefined);
}
async function hasDb(cacheDir) {
    for (const file of dbFiles(cacheDir)) {
        try {
            if (!(await (0,promises_.stat)(file)).isFile())
                return false;
        }
        catch {
            return false;
        }
    }
    return true;
}
/** `UpdatedAt` of metadata.json, as Trivy wrote it (RFC 3339); undefined when absent or unreadable. */
function dbUpdatedAt(metadata) {
    if (metadata === undefined)
        return undefined;
    try {
        const value = JSON.parse(metadata).UpdatedAt;
        return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : undefined;
    }
    catch {
        return undefined;
    }
}
async function databaseInfo(config) {
    const updatedAt = dbUpdatedAt(await dbMetadata(config.cacheDir));
    config.log.info(`Trivy DB: updated ${updatedAt ?? 'at an unknown time (no UpdatedAt in metadata.json)'}`);
    return { updatedAt };
}
/** Returns the DB's date; undefined in client/server mode, where the server's DB is not visible. */
async function prepareTrivyDatabase(config) {
    const { log } = config;
    if (config.server !== undefined && config.server !== '') {
        log.info(`Trivy DB: client/server mode, the DB lives on ${config.server}`);
        return undefined;
    }
    if (config.skipDbUpdate) {
        if (!(await hasDb(config.cacheDir))) {
            throw new gate_error/* GateError */.ue('scan-error', `skip-db-update is set but there is no Trivy DB in ${config.cacheDir}`, {
                remedy: "Prepare the DB in 'trivy-cache-dir' (db/trivy.db and db/metadata.json, e.g. from `trivy image --download-db-only --cache-dir DIR`), or set 'skip-db-update: false'.",
                details: dbFiles(config.cacheDir).map((f) => `missing or unreadable: ${f}`),
            });
        }
        log.info(`Trivy DB: skip-db-update, using the DB in ${config.cacheDir} as it is`);
        return databaseInfo(config);
    }
    // The cache comes first: a fresh DB from it means Trivy makes no network call at all.
    await config.cache.restore(config.cacheDir);
    const before = await dbMetadata(config.cacheDir);
    const repository = await downloadFromFirstWorkingRepository(config);
    // Trivy keeps a DB whose NextUpdate has not passed: say whether anything was fetched.
    const fetched = (await dbMetadata(config.cacheDir)) !== before;
    log.info(fetched ? `Trivy DB: downloaded from ${repository}` : `Trivy DB: the DB in ${config.cacheDir} is current; nothing downloaded`);
    await config.cache.save(config.cacheDir);
    return databaseInfo(config);
}
async function downloadFromFirstWorkingRepository(config) {
    const { log } = config;
    if (config.dbRepositories.length === 0) {
        throw new gate_error/* GateError */.ue('input-error', "input 'db-repository': no repository to download the Trivy DB from", {
            remedy: 'for example: db-repository: mirror.gcr.io/aquasec/trivy-db:2',
        });
    }
    const attempts = [];
    await (0,promises_.mkdir)(config.workDir, { recursive: true });
    for (const [index, repository] of config.dbRepositories.entries()) {
        const next = index + 1 < config.dbRepositories.length ? 'trying the next repository' : 'no repository left';
        for (let attempt = 0;; attempt++) {
            const run = await runTrivy({
                trivyPath: config.trivyPath,
                trivySha256: config.trivySha256,
                args: buildDbDownloadArgs({ repository, cacheDir: config.cacheDir, timeoutSeconds: config.timeoutSeconds }),
                cwd: config.workDir,
                killAfterMs: config.timeoutSeconds * 1000 + config.killMarginMs,
                onLine: (line) => log.info(line),
            });
            if (run.exitCode === 0 && run.killedAfterSeconds === undefined)
                return repository;
            const failure = classifyTrivyFailure({
                operation: 'db-download',
                subject: repository,
                exitCode: run.exitCode,
                signal: run.signal,
                killedAfterSeconds: run.killedAfterSeconds,
                stderr: run.stderr,
            });
            attempts.push({ repository, failure });
            const delay = config.retryDelaysMs[attempt];
            if (failure.retryable && delay !== undefined) {
                log.warning(`Trivy DB: ${repository}: ${failure.why}; retrying in ${Math.round(delay / 1000)}s`);
                await config.sleep(delay);
                continue;
            }
            log.warning(`Trivy DB: ${repository}: ${failure.why}; ${next}`);
            break;
        }
    }
    throw dbDownloadError(attempts);
}

;// CONCATENATED MODULE: ./build/adapters/trivy/scanner.js











const DEFAULT_KILL_MARGIN_MS = 30_000;
const defaultSleep = (ms) => new Promise((done) => setTimeout(done, ms));
/** Both sides as `sha256:<hex>`, so `sha256:ABC` and `abc` compare equal. */
function normaliseImageId(id) {
    const lower = id.trim().toLowerCase();
    return lower.startsWith('sha256:') ? lower : `sha256:${lower}`;
}
/** Trivy's fs report names its target as given on the command line (an absolute path here). */
function requireScannedPath(report, target, outputFile) {
    const scanned = report.ArtifactName;
    if (scanned === undefined || (0,external_node_path_.resolve)(scanned) !== target) {
        throw new gate_error/* GateError */.ue('scan-error', `the filesystem report is about ${scanned ?? 'an unnamed artifact'}, not the build context ${target}`, {
            remedy: 'Another job may share this runner\'s temporary directory; re-run the job. The gate only decides on the context it scanned.',
            details: [`report: ${outputFile}`],
        });
    }
}
function createTrivyScanner(config) {
    const { log } = config;
    // The backstop after Trivy's own --timeout: proportional, so a short timeout is not followed by 30 s of waiting.
    const killMarginMs = config.killMarginMs ?? Math.min(DEFAULT_KILL_MARGIN_MS, Math.max(5_000, config.timeoutSeconds * 1000));
    // Trivy runs in workDir, so a relative ignore file must be resolved against our cwd first.
    const ignoreFile = config.ignoreFile ? (0,external_node_path_.resolve)(config.ignoreFile) : undefined;
    let database;
    // What may be printed of the server: never the user:password a URL may carry.
    const serverShown = config.server ? (0,text_safety/* withoutCredentials */.ri)(config.server) : undefined;
    const serverEnv = config.server && config.serverToken ? { TRIVY_TOKEN: config.serverToken } : {};
    let reportCounter = 0;
    const layerCache = config.server ? undefined : config.layerCache;
    let layersRestored;
    // Started with the DB, so the restore runs while the image builds; never fails a run.
    const restoreLayers = () => (layersRestored ??= (layerCache?.restore(config.cacheDir) ?? Promise.resolve()).catch(() => undefined));
    /** With the layer cache, `run` gets a private cache dir (see openImageScanCacheDir); else the configured one. */
    async function scanImageWithLayers(run) {
        if (!layerCache)
            return run(config.cacheDir);
        await restoreLayers();
        let scanDir;
        try {
            scanDir = await openImageScanCacheDir(config.cacheDir, config.workDir);
        }
        catch (error) {
            log.warning(`Trivy layer cache: not used this time (${error.message}); every layer is analysed`);
            return run(config.cacheDir);
        }
        let report;
        try {
            report = await run(scanDir.dir);
        }
        catch (error) {
            await scanDir.discard().catch(() => undefined);
            throw error;
        }
        await scanDir.keep().catch((error) => log.warning(`Trivy layer cache: not kept: ${error.message}`));
        await layerCache.save(config.cacheDir).catch(() => undefined);
        return report;
    }
    const imageScanCache = layerCache ? 'layers' : undefined;
    const scanOptions = (outputFile) => ({
        cacheDir: config.cacheDir,
        timeoutSeconds: config.timeoutSeconds,
        scanners: config.scanners,
        outputFile,
        server: config.server,
        ignoreFile,
        skipDbUpdate: config.skipDbUpdate,
        ...(config.vex && config.vex.length > 0 && { vex: config.vex }),
    });
    async function nextReportFile(kind) {
        await (0,promises_.mkdir)(config.workDir, { recursive: true });
        reportCounter += 1;
        const file = (0,external_node_path_.join)(config.workDir, `trivy-${kind}-${reportCounter}.json`);
        // A stale report from an earlier run must never stand in for this one.
        await (0,promises_.rm)(file, { force: true });
        return file;
    }
    async function scan(operation, subject, outputFile, args, { env, signal, cwd = config.workDir, lines = log } = {}) {
        // A server URL may carry user:password; the command line is logged without it.
        lines.info(`trivy ${args.map((arg) => (arg === config.server && serverShown ? serverShown : arg)).join(' ').replace(/\/\/[^/@\s]+@/g, '//***@')}`);
        const runEnv = { ...serverEnv, ...env };
        const run = await runTrivy({
            trivyPath: config.trivyPath,
            trivySha256: config.trivySha256,
            args,
            cwd,
            ...(Object.keys(runEnv).length > 0 && { env: runEnv }),
            killAfterMs: config.timeoutSeconds * 1000 + killMarginMs,
            onLine: (line) => lines.info(line),
            ...(signal && { signal }),
        });
        if (run.exitCode !== 0 || run.killedAfterSeconds !== undefined) {
            const failure = classifyTrivyFailure({
                operation,
                subject,
                exitCode: run.exitCode,
                signal: run.signal,
                killedAfterSeconds: run.killedAfterSeconds,
                stderr: run.stderr,
                server: serverShown,
            });
            throw new gate_error/* GateError */.ue(failure.reason, failure.message, { remedy: failure.remedy, details: failure.details });
        }
        let text;
        try {
            text = await (0,promises_.readFile)(outputFile, 'utf8');
        }
        catch {
            throw missingReportError(operation, subject, outputFile, run.stderr);
        }
        return (0,trivy_report/* parseTrivyReport */.Qg)(text, outputFile);
    }
    return {
        prepareDatabase() {
            void restoreLayers();
            database ??= prepareTrivyDatabase({
                trivyPath: config.trivyPath,
                trivySha256: config.trivySha256,
                cacheDir: config.cacheDir,
                workDir: config.workDir,
                timeoutSeconds: config.timeoutSeconds,
                dbRepositories: config.dbRepositories,
                skipDbUpdate: config.skipDbUpdate,
                server: serverShown,
                cache: config.cache ?? createNoDbCache(),
                log,
                sleep: config.sleep ?? defaultSleep,
                retryDelaysMs: config.retryDelaysMs ?? DEFAULT_DB_RETRY_DELAYS_MS,
                killMarginMs,
            });
            return database;
        },
        async scanFilesystem(dir, signal, lines) {
            const target = (0,external_node_path_.resolve)(dir);
            const outputFile = await nextReportFile('fs');
            const report = await scan('filesystem-scan', target, outputFile, buildFilesystemScanArgs({ ...scanOptions(outputFile), target }), { signal, lines });
            // As for images: the report must name the context this run scanned, not another run's.
            requireScannedPath(report, target, outputFile);
            return report;
        },
        async scanImage(image, signal, lines = log) {
            const outputFile = await nextReportFile('image');
            // An export archive is named by the image ID, and Trivy runs beside it and is given that
            // bare name: the report then names the artifact (and its OS result) exactly as a scan
            // through the engine by ID does, and no temporary path reaches the reports. That
            // directory is the push's private work directory: no trivy.yaml or .trivyignore in it.
            const source = image.archive !== undefined ? { imageSource: 'archive', image: (0,external_node_path_.basename)(image.archive) } : { dockerHost: config.dockerHost, image: image.ref };
            if (image.archive !== undefined)
                lines.info(`scanning the export of ${image.id} that the push will upload`);
            const report = await scanImageWithLayers((cacheDir) => scan('image-scan', image.ref, outputFile, buildImageScanArgs({ ...scanOptions(outputFile), cacheDir, scanCache: imageScanCache, ...source }), { signal, lines, cwd: image.archive !== undefined ? (0,external_node_path_.dirname)(image.archive) : config.workDir }));
            // The report must be about the image that was built, not whatever the name points to now.
            const scanned = report.Metadata?.ImageID;
            if (scanned === undefined || normaliseImageId(scanned) !== normaliseImageId(image.id)) {
                throw new gate_error/* GateError */.ue('scan-error', `Trivy scanned ${image.ref} as ${scanned ?? 'an image without an ID'}, not the built image ${image.id}`, {
                    remedy: 'Another build may have re-tagged the image meanwhile; re-run the job. The gate only decides on the exact image it built.',
                    details: [`report: ${outputFile}`],
                });
            }
            return report;
        },
        async scanPublished(reference, platform) {
            const outputFile = await nextReportFile('published');
            const args = (cacheDir) => buildImageScanArgs({ ...scanOptions(outputFile), cacheDir, scanCache: imageScanCache, imageSource: 'remote', image: reference, platform });
            const env = config.registryAuth
                ? { TRIVY_USERNAME: config.registryAuth.username, TRIVY_PASSWORD: config.registryAuth.password }
                : undefined;
            try {
                return await scanImageWithLayers((cacheDir) => scan('published-image-scan', reference, outputFile, args(cacheDir), { env }));
            }
            catch (error) {
                if (error instanceof gate_error/* GateError */.ue && error.reason === 'image-not-found') {
                    log.info(`${reference} is not published`);
                    return undefined;
                }
                throw error;
            }
        },
    };
}

;// CONCATENATED MODULE: ./build/adapters/run-work-dir.js


/**
 * A directory only this run knows and can write: reports and the verified Trivy live here.
 *
 * RUNNER_TEMP may be shared with other jobs (self-hosted runners), so a fixed path there could
 * be read, pre-created or swapped by another run. mkdtemp gives an unguessable name, creates it
 * exclusively and with mode 0700. It is made directly in RUNNER_TEMP: a shared parent directory
 * below it could be replaced by anyone who can write RUNNER_TEMP.
 */
function createRunWorkDir(runnerTemp) {
    (0,external_node_fs_.mkdirSync)(runnerTemp, { recursive: true });
    return (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(runnerTemp, 'container-security-gate-run-'));
}

;// CONCATENATED MODULE: ./build/adapters/trivy/raw-reports.js


/** The raw report files the scanner writes into its work directory (see scanner.ts nextReportFile). */
const RAW_REPORT = /^trivy-[a-z]+-\d+\.json$/;
/**
 * Deletes Trivy's raw JSON reports once the run is over: they quote Dockerfile lines, ENV and
 * history in clear text (the secrets the config check found), and RUNNER_TEMP may outlive the
 * job on a self-hosted runner. Returns the files removed; a missing directory removes nothing.
 */
async function removeRawReports(workDir) {
    let names;
    try {
        names = await (0,promises_.readdir)(workDir);
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return [];
        throw error;
    }
    const reports = names.filter((name) => RAW_REPORT.test(name)).map((name) => (0,external_node_path_.join)(workDir, name));
    await Promise.all(reports.map((file) => (0,promises_.rm)(file, { force: true })));
    return reports;
}

;// CONCATENATED MODULE: ./build/live-ports.js





















/** The real outside world: Trivy on this runner, the Docker engine, the registry, files, the clock. */
function createLivePorts(inputs, plan, env = process.env) {
    const log = { info: (line) => (0,workflow_log/* logInfo */.fH)(line), warning: (line) => (0,workflow_log/* logWarning */.FF)(line) };
    let engine;
    // One connection for build, inspect and push; opened on first use so `mode: summary` never needs an engine.
    const openEngine = () => (engine ??= openDockerEngine());
    const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
    const runnerTemp = env.RUNNER_TEMP ?? '/tmp';
    let checked;
    // Everything this run writes and runs (reports, the verified Trivy) lives in its own directory.
    const runDir = createRunWorkDir(runnerTemp);
    // Recorded by the installer, in memory only: the scanner checks the binary against it before each run.
    let trivySha256;
    const registry = createImagePublisher({
        registry: plan.registry.server,
        credentials: { username: plan.registry.username, password: plan.registry.password },
        // By ID, never by tag: a tag in a shared engine can be moved by another job at any time.
        exportImage: async (imageId, workDir, signal, keep) => exportImage(await openEngine(), imageId, workDir, signal, keep),
        imageDiffIds: async (imageId) => imageDiffIds(await openEngine(), imageId),
        tempRoot: runDir,
        log,
    });
    return {
        log: { ...log, group: (title, body) => core/* group */.Os(title, body) },
        now: () => new Date(),
        installTrivy: async () => {
            const installation = await installTrivy({ version: inputs.trivyVersion, downloadBaseUrl: inputs.trivyDownloadUrl, trivyPath: inputs.trivyPath, platform: process.platform, arch: process.arch }, { log: log.info, workDir: runDir });
            trivySha256 = installation.sha256;
            return installation;
        },
        openScanner: (trivyPath) => createTrivyScanner({
            trivyPath,
            trivySha256,
            cacheDir: inputs.trivyCacheDir,
            timeoutSeconds: inputs.timeoutSeconds,
            scanners: inputs.scanners,
            server: inputs.trivyServer,
            serverToken: inputs.trivyServerToken,
            dbRepositories: inputs.dbRepository,
            skipDbUpdate: inputs.skipDbUpdate,
            // The checked copy: Trivy never opens the file in the checkout itself.
            ignoreFile: checked?.ignoreFile,
            // Files relative to the workspace; `repo` and `oci` are Trivy's own sources, by name.
            // `repo` and `oci` are Trivy's own sources, by name; files are the checked copies, in order.
            vex: vexSources(inputs.vex, checked?.vexFiles ?? []),
            workDir: (0,external_node_path_.join)(runDir, 'trivy'),
            log,
            dockerHost: env.DOCKER_HOST,
            registryAuth: plan.registry.password ? { username: plan.registry.username, password: plan.registry.password } : undefined,
            cache: createActionsDbCache({ log: { ...log, notice: (line) => core/* notice */.lm(line) } }),
            layerCache: inputs.trivyLayerCache
                ? createActionsLayerCache({
                    log,
                    trivyVersion: inputs.trivyPath ? 'trivy-path' : inputs.trivyVersion,
                    scanners: inputs.scanners,
                    writes: plan.caches.writes,
                    runId: `${env.GITHUB_RUN_ID ?? Date.now()}-${env.GITHUB_RUN_ATTEMPT ?? '1'}`,
                })
                : undefined,
        }),
        engine: {
            async build(request, buildLog) {
                const builder = createDockerImageBuilder(await openEngine());
                const result = await builder.buildImage({ ...request, context: request.contextDir, registryAuth: plan.registry }, buildLog);
                // Trivy reads the image from the engine by its ID, so the report names exactly this image.
                return { imageId: result.imageId, scanReference: result.imageId };
            },
            async inspect(imageId) {
                return createDockerImageBuilder(await openEngine()).inspectImageFacts(imageId);
            },
        },
        exploitData: {
            // Made on first use: the local feed files are the checked copies, known only after checkInputFiles.
            load: (cves) => createExploitFeeds({
                mode: inputs.exploitData,
                kev: { url: inputs.kevUrl, file: checked?.kevFile },
                epss: { url: inputs.epssUrl, file: checked?.epssFile },
                workDir: (0,external_node_path_.join)(runDir, 'exploit-data'),
                timeoutMs: Math.min(inputs.timeoutSeconds, 120) * 1000,
                cache: createActionsFeedCache({ log }),
                log,
            }).load(cves),
        },
        saveVexDocument: async (document) => {
            // The run's own directory: nobody else can have pre-created or swapped the file.
            const path = (0,external_node_path_.join)(runDir, 'openvex.json');
            await (0,promises_.mkdir)(runDir, { recursive: true });
            await (0,promises_.writeFile)(path, `${JSON.stringify(document, null, 2)}\n`);
            return path;
        },
        registry,
        readPublishedManifest: createPublishedManifestReader({
            credentials: plan.registry.password ? { username: plan.registry.username, password: plan.registry.password } : undefined,
        }),
        // Attachments go through the same push path as the image, next to its digest.
        attest: createLiveAttestPort(inputs, attachmentRegistry(registry, { registry: plan.registry.server, credentials: { username: plan.registry.username, password: plan.registry.password } }), runDir, () => trivySha256, env),
        async checkInputFiles() {
            checked = await checkInputFiles({
                workspace,
                runnerTemp,
                contextDir: inputs.mode === 'gate' ? plan.contextDir : undefined,
                dockerfile: plan.dockerfile,
                policyFile: inputs.policyFile,
                ignoreFile: inputs.ignoreFile,
                baselineFile: inputs.baseline.kind === 'file' ? inputs.baseline.path : undefined,
                sarifFile: inputs.sarifFile,
                auditLog: inputs.auditLog,
                kevFile: inputs.kevFile,
                epssFile: inputs.epssFile,
                vexFiles: inputs.vex.filter((source) => !isTrivyVexSource(source)),
                stagingDir: runDir,
            });
        },
        readOptionalFile: async (path, input) => {
            const bytes = await (0,contained_file/* readContainedFile */.aM)(input, path, workspace, await (0,contained_file/* areaOf */.d6)(workspace, 'the workspace'));
            return bytes?.toString('utf8');
        },
        async removeRawReports() {
            await removeRawReports((0,external_node_path_.join)(runDir, 'trivy'));
        },
    };
}
/** Trivy's own VEX sources, named rather than read from a file. */
function isTrivyVexSource(source) {
    return source === 'repo' || source === 'repository' || source === 'oci';
}
/** The `vex` input with every file replaced by its checked copy, keeping the order given. */
function vexSources(given, checkedFiles) {
    let next = 0;
    return given.map((source) => (isTrivyVexSource(source) ? source : (checkedFiles[next++] ?? source)));
}


/***/ })

};
