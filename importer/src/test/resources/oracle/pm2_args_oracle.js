// How pm2's option validator turns a string args/interpreter_args into an array, run by node itself, for svcctl's
// Pm2OracleTest: JavaScript's String.split with pm2's cutting expression (capture groups spliced in), then every
// blank or undefined piece dropped. Reads JSON strings, one per line, and prints one JSON array per line.
const cut = /((?<![\w\-])([\w\-]+\="[^"]*")|(?<![\w\-])([\w\-]+\='[^']*')|"([^"]*)"|'([^']*)'|\s )/;
const lines = require('fs').readFileSync(0, 'utf8').split('\n').filter((l) => l.length > 0);
for (const line of lines) {
  const s = JSON.parse(line);
  console.log(JSON.stringify(s.split(cut).filter((v) => v && v.trim())));
}
