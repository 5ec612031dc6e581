/** This action's version: the SARIF tool version and the first log line. Kept in step with package.json by a test. */
export const ACTION_VERSION = '0.1.0';
