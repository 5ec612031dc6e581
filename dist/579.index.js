export const id = 579;
export const ids = [579];
export const modules = {

/***/ 55579:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73136);


// dockerode → docker-modem → ssh2 ships an Emscripten (wasm) module that reads the CommonJS
// globals __dirname/__filename when it is loaded. The bundle is ESM, where they don't exist,
// so without these the action would crash at start before it could report anything.
const here = (0,node_url__WEBPACK_IMPORTED_MODULE_1__.fileURLToPath)(import.meta.url);
const globals = globalThis;
globals.__filename ??= here;
globals.__dirname ??= (0,node_path__WEBPACK_IMPORTED_MODULE_0__.dirname)(here);


/***/ })

};
