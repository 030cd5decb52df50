// Child process for store tests. argv: <mode> <database file> <json options>
//   crash:  stores one answer, reports "committed" on stdout, then SIGKILLs itself at once (no close,
//           no checkpoint, no exit handlers).
//   write:  stores `count` answers for question ids q0..q{count-1}, one transaction each, as worker
//           `identity`; then closes and exits.
require('./tsRequire');
const path = require('node:path');
const { openResultStore } = require(path.join(__dirname, '../../../src/store/sqliteStore.ts'));
const { answerRow } = require(path.join(__dirname, 'rows.ts'));

const [mode, file, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson ?? '{}');
const store = openResultStore(file);

if (mode === 'crash') {
  store.upsertAnswers([
    answerRow({ runId: options.runId, questionId: options.questionId, answer: options.answer }),
  ]);
  process.stdout.write('committed\n', () => process.kill(process.pid, 'SIGKILL'));
} else if (mode === 'write') {
  for (let i = 0; i < options.count; i++) {
    store.upsertAnswers([
      answerRow({
        runId: options.runId,
        questionId: `q${i}`,
        answer: `${options.identity}-${i}`,
        workerIdentity: options.identity,
        batchId: `batch-${options.identity}-${i}`,
      }),
    ]);
  }
  store.close();
} else {
  throw new Error(`unknown mode ${mode}`);
}
