export const id = 754;
export const ids = [754];
export const modules = {

/***/ 52754:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   removeRawReports: () => (/* binding */ removeRawReports)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);


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
        names = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(workDir);
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return [];
        throw error;
    }
    const reports = names.filter((name) => RAW_REPORT.test(name)).map((name) => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(workDir, name));
    await Promise.all(reports.map((file) => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(file, { force: true })));
    return reports;
}


/***/ })

};
