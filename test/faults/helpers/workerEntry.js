// Entry of a paced worker child process (pacedWorker.ts, compiled on load). argv[2]: JSON options.
require('../../store/helpers/tsRequire');
const path = require('node:path');
const { runPacedWorker } = require(path.join(__dirname, 'pacedWorker.ts'));

runPacedWorker(JSON.parse(process.argv[2])).then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
