export const id = 112;
export const ids = [112];
export const modules = {

/***/ 98112:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createKeylessSigner: () => (/* binding */ createKeylessSigner),
/* harmony export */   fromSigstoreBundle: () => (/* binding */ fromSigstoreBundle)
/* harmony export */ });
/* harmony import */ var _sigstore_sign__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(15179);
/* harmony import */ var _sigstore_bundle__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(61040);
/* harmony import */ var _domain_attest_in_toto_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(80949);
/* harmony import */ var _domain_gate_error_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(31049);




/**
 * The job's OIDC token for audience `sigstore`, as GitHub's runner hands it out. Ours rather
 * than sigstore-js's CIContextProvider so the token is masked before anything can print it
 * (sigstore-js quotes a token it cannot parse in its error message).
 */
function githubOidcProvider(env, secrets, onSecret, timeoutMs) {
    return {
        async getToken() {
            const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
            const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
            if (!requestUrl || !requestToken)
                throw new Error('no OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN are not set (permissions: id-token: write)');
            const url = new URL(requestUrl);
            url.searchParams.set('audience', 'sigstore');
            const response = await fetch(url, { headers: { accept: 'application/json', authorization: `Bearer ${requestToken}` }, signal: AbortSignal.timeout(timeoutMs) });
            if (!response.ok)
                throw new Error(`the OIDC token endpoint answered HTTP ${response.status}`);
            const body = (await response.json());
            if (typeof body.value !== 'string' || body.value === '')
                throw new Error('the OIDC token endpoint returned no token');
            secrets.push(body.value);
            onSecret(body.value);
            return body.value;
        },
    };
}
function redact(text, secrets) {
    let out = text;
    for (const secret of secrets)
        if (secret.length >= 4)
            out = out.split(secret).join('***');
    return out;
}
function pem(derBase64) {
    const lines = derBase64.match(/.{1,64}/g) ?? [];
    return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
/** A Sigstore bundle (JSON form) as the pieces cosign's `.att` layout carries. */
function fromSigstoreBundle(bundle) {
    const json = bundle;
    const envelope = json.dsseEnvelope;
    const material = json.verificationMaterial;
    const certs = material?.certificate ? [material.certificate] : (material?.x509CertificateChain?.certificates ?? []);
    if (!envelope || certs.length === 0)
        throw new _domain_gate_error_js__WEBPACK_IMPORTED_MODULE_2__/* .GateError */ .ue('attest-error', 'Sigstore returned a bundle without a DSSE envelope or certificate');
    const entry = material?.tlogEntries?.[0];
    return {
        envelope: {
            payloadType: envelope.payloadType,
            payload: envelope.payload,
            signatures: envelope.signatures.map((s) => ({ keyid: s.keyid ?? '', sig: s.sig })),
        },
        // sigstore-js logs JSON.stringify(envelopeToJSON(envelope)), the same form bundleToJSON gives.
        envelopeBytes: Buffer.from(JSON.stringify(envelope)),
        certificate: { leaf: pem(certs[0].rawBytes), chain: certs.slice(1).map((c) => pem(c.rawBytes)).join('') },
        ...(entry?.inclusionPromise && {
            rekorBundle: {
                SignedEntryTimestamp: entry.inclusionPromise.signedEntryTimestamp,
                Payload: {
                    body: entry.canonicalizedBody,
                    integratedTime: Number(entry.integratedTime ?? 0),
                    logIndex: Number(entry.logIndex ?? 0),
                    logID: Buffer.from(entry.logId.keyId, 'base64').toString('hex'),
                },
            },
        }),
        bundle,
    };
}
function createKeylessSigner(options = {}) {
    const timeout = options.timeoutMs ?? 30_000;
    const env = options.env ?? process.env;
    const secrets = [env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? ''].filter((s) => s !== '');
    const builder = new _sigstore_sign__WEBPACK_IMPORTED_MODULE_0__/* .DSSEBundleBuilder */ .VV({
        signer: new _sigstore_sign__WEBPACK_IMPORTED_MODULE_0__/* .FulcioSigner */ .$o({
            identityProvider: githubOidcProvider(env, secrets, options.onSecret ?? (() => undefined), timeout),
            fulcioBaseURL: options.fulcioUrl ?? _sigstore_sign__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_FULCIO_URL */ .jl,
            timeout,
            retry: 2,
        }),
        witnesses: [new _sigstore_sign__WEBPACK_IMPORTED_MODULE_0__/* .RekorWitness */ .fU({ rekorBaseURL: options.rekorUrl ?? _sigstore_sign__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_REKOR_URL */ .AD, entryType: 'dsse', timeout, retry: 2 })],
    });
    return {
        mode: 'keyless',
        async sign(statement) {
            let bundle;
            try {
                bundle = await builder.create({ data: statement, type: _domain_attest_in_toto_js__WEBPACK_IMPORTED_MODULE_3__/* .IN_TOTO_PAYLOAD_TYPE */ .T4 });
            }
            catch (error) {
                const cause = error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error);
                throw new _domain_gate_error_js__WEBPACK_IMPORTED_MODULE_2__/* .GateError */ .ue('attest-error', `keyless signing failed: ${redact(cause, secrets)}`, {
                    remedy: 'keyless signing needs `permissions: id-token: write` and access to Fulcio and Rekor; use attest: key where they are unreachable',
                });
            }
            return fromSigstoreBundle((0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_1__.bundleToJSON)(bundle));
        },
    };
}


/***/ })

};
