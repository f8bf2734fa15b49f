// Stands in for the `debug` package in both bundles (scripts/build.mjs aliases it here). node-vault and
// follow-redirects log through `debug`, and DEBUG=* (or DEBUG=node-vault / follow-redirects) made them
// print tokens and written values on stderr and into the editor's logs. No environment variable turns
// this one on: every logger it hands out is disabled and prints nothing.
'use strict';

function createDebug(namespace) {
  const logger = function () {};
  logger.namespace = String(namespace);
  logger.enabled = false;
  logger.log = function () {};
  logger.extend = function (sub) {
    return createDebug(`${logger.namespace}:${sub}`);
  };
  logger.destroy = function () {
    return true;
  };
  return logger;
}

createDebug.enable = function () {};
createDebug.disable = function () {
  return '';
};
createDebug.enabled = function () {
  return false;
};
createDebug.coerce = function (value) {
  return value;
};
createDebug.names = [];
createDebug.skips = [];
createDebug.formatters = {};
createDebug.debug = createDebug;
createDebug.default = createDebug;

module.exports = createDebug;
