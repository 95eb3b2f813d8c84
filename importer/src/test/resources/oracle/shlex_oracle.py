"""Python's shlex on each input line (JSON strings on stdin, one per line), for svcctl's PythonShlex tests.

Prints one JSON line per input: {"split": [...] | "error ...", "classic": [...] | "error ..."}, where split is
shlex.split(s) and classic is list(shlex.shlex(s)) with '/.+-():' added to the word characters (supervisord's
environment= lexer).
"""
import json
import shlex
import sys

for line in sys.stdin:
    s = json.loads(line)
    row = {}
    try:
        row['split'] = shlex.split(s)
    except ValueError as e:
        row['split'] = 'error ' + str(e)
    try:
        lexer = shlex.shlex(s)
        lexer.wordchars += '/.+-():'
        row['classic'] = list(lexer)
    except ValueError as e:
        row['classic'] = 'error ' + str(e)
    print(json.dumps(row))
