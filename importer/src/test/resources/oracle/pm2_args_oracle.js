// How pm2 7's option validator turns a string args/interpreter_args into an array, run by node itself, for svcctl's
// Pm2OracleTest: a key="v" or key='v' word whole, a quoted string without its quotes, else a run of non-blanks;
// blank results dropped. Reads JSON strings, one per line, and prints one JSON array per line.
const token = /[^\s"'=]+="[^"]*"|[^\s"'=]+='[^']*'|"([^"]*)"|'([^']*)'|\S+/g;
const lines = require('fs').readFileSync(0, 'utf8').split('\n').filter((l) => l.length > 0);
for (const line of lines) {
  const s = JSON.parse(line);
  const pieces = (s.match(token) || []).map((v) => {
    if (v && v[0] === '"' && v[v.length - 1] === '"') return v.slice(1, -1);
    if (v && v[0] === "'" && v[v.length - 1] === "'") return v.slice(1, -1);
    return v;
  });
  console.log(JSON.stringify(pieces.filter((v) => v && v.trim())));
}
