// `vqa-eval` for the fault tests' child processes: the CLI from its TypeScript sources, compiled on
// load (test/store/helpers/tsRequire.js), so the tests need no build. Exits like dist/cli/main.js.
require('../../store/helpers/tsRequire');
const path = require('node:path');
const { main } = require(path.join(__dirname, '../../../src/cli/main.ts'));

main(process.argv).then(
  () => process.exit(),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
