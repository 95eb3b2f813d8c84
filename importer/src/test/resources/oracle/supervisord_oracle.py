"""What supervisord makes of a config file's programs, by Python's own configparser, % formatting and shlex.

Written for svcctl's SupervisordOracleTest from supervisord's documented behaviour: the file read by RawConfigParser
with ';' and '#' inline comments and strict=False, each value formatted with `value % expansions`, the command cut
by shlex.split, environment= cut by a classic shlex.shlex with the extra word characters /.+-():
Usage: supervisord_oracle.py ENV_JSON FILE...   prints {file: {program: {"argv": [...], "env": {...}} | {"error": ...}}}
"""
import configparser
import json
import os
import shlex
import sys


def key_value_pairs(text):
    lexer = shlex.shlex(text)
    lexer.wordchars += '/.+-():'
    tokens = list(lexer)
    pairs = {}
    i = 0
    while i < len(tokens):
        triple = tokens[i:i + 3]
        if len(triple) != 3 or triple[1] != '=':
            raise ValueError('unexpected end of key/value pairs')
        pairs[triple[0]] = triple[2].strip('\'"')
        i += 4
    return pairs


def programs(path, environ):
    parser = configparser.RawConfigParser(inline_comment_prefixes=(';', '#'), strict=False)
    with open(path, encoding='utf-8') as f:
        parser.read_file(f)
    base = {'ENV_' + k: v for k, v in environ.items()}
    here = os.path.dirname(path)
    groups = {}
    for section in parser.sections():
        if section.startswith('group:') and parser.has_option(section, 'programs'):
            for p in parser.get(section, 'programs').split(','):
                groups[p.strip()] = section.split(':', 1)[1]
    shared = {}
    if parser.has_section('supervisord') and parser.has_option('supervisord', 'environment'):
        shared = key_value_pairs(parser.get('supervisord', 'environment') % dict(base, here=here))
    out = {}
    for section in parser.sections():
        if not section.startswith('program:'):
            continue
        name = section.split(':', 1)[1].strip()
        try:
            start = int(parser.get(section, 'numprocs_start')) if parser.has_option(section, 'numprocs_start') else 0
            exp = dict(base, here=here, program_name=name, group_name=groups.get(name, name), process_num=start)
            argv = shlex.split(parser.get(section, 'command') % exp)
            env = dict(shared)
            if parser.has_option(section, 'environment'):
                env.update(key_value_pairs(parser.get(section, 'environment') % exp))
            out[name] = {'argv': argv, 'env': env}
        except (KeyError, ValueError, TypeError) as e:
            out[name] = {'error': type(e).__name__ + ': ' + str(e)}
    return out


def main():
    environ = json.loads(sys.argv[1])
    result = {}
    for path in sys.argv[2:]:
        try:
            result[path] = programs(path, environ)
        except configparser.Error as e:
            result[path] = {'': {'error': str(e)}}
    print(json.dumps(result))


main()
