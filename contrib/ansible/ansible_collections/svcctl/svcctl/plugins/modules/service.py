#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: svcctl contributors
# Apache License 2.0 (see the LICENSE file of the svcctl repository)
# SPDX-License-Identifier: Apache-2.0

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: service
short_description: Install, remove, start, stop and enable services with svcctl
version_added: "0.1.0"
description:
  - Manages a service described by an svcctl service spec (YAML) through the C(svcctl) command line, on whatever
    backend svcctl picks on the host (systemd, launchd, Windows services, or svcctl's own supervisor).
  - Idempotent by construction; every svcctl command reports whether it changed anything.
  - Check mode and diff mode are native. The module asks C(svcctl install --dry-run --json) what an install would
    change (an inline spec goes to svcctl on standard input as C(-)), so check mode predicts creations and
    updates, and C(--diff) shows the unified diff of every file svcctl would write (values of C(env) masked).
  - Needs C(svcctl) on the managed host, a version whose commands all take C(--json).
options:
  spec:
    description:
      - The service spec. Either the path of a spec file on the managed host, or the spec itself as a mapping
        (the keys of svcctl's spec format, for example C(name), C(exec), C(args), C(env)).
      - Needed to install a service. It may be left out when the service is installed already; the module then
        acts on I(name) (its state, its enablement, or its removal).
    type: raw
  name:
    description:
      - The service name. When I(spec) is given it is taken from the spec, and a different I(name) is an error.
      - Required when I(spec) is not given.
    type: str
  state:
    description:
      - C(present) installs the spec, or updates the installed service when the spec differs, as
        C(svcctl install) does (a new service is started unless its spec says otherwise; an updated running one
        is restarted). An installed service whose files are up to date is left alone, running or not.
      - C(started) and C(stopped) also make sure that the service runs, or does not. With C(stopped) a spec is
        installed without starting it.
      - C(restarted) restarts the service; one that this task installed or updated has just been (re)started
        and is not restarted a second time.
      - C(absent) uninstalls the service (C(svcctl uninstall)); a service that is not installed is no change.
    type: str
    choices: [present, absent, started, stopped, restarted]
    default: present
  enabled:
    description:
      - Whether the service starts at boot (at logon for I(user=true)), through C(svcctl enable) and
        C(svcctl disable). Left out, the spec's C(startup) decides.
      - Enablement is state, not spec; svcctl keeps it across re-installs of a spec with the same C(startup).
    type: bool
  user:
    description:
      - Manage the service of the connecting user (C(svcctl --user)) instead of a system service.
    type: bool
    default: false
  backend:
    description:
      - The svcctl backend (C(svcctl --backend)). Left out, svcctl picks the host's.
    type: str
    choices: [systemd, launchd, windows, supervisor]
  executable:
    description:
      - Path of the C(svcctl) program. Left out, C(svcctl) is looked up on the PATH.
    type: path
notes:
  - >-
    A spec given as a path must exist on the managed host when the task runs, in check mode too. A spec that an
    earlier task renders from a template does not exist yet in check mode; give it inline
    (C(spec: "{{ lookup('template', 'app.yaml.j2') | from_yaml }}")) to have check mode predict it.
  - In check mode a service that is not installed yet is reported as changed for I(state) and I(enabled) too.
requirements:
  - svcctl (with C(--json) on every command) on the managed host
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  platform:
    platforms: [posix, windows]
author:
  - svcctl contributors
'''

EXAMPLES = r'''
- name: Install and start a service from a spec file on the host
  svcctl.svcctl.service:
    spec: /etc/svcctl/web.yaml
    state: started

- name: Install a service given inline, not started at boot
  svcctl.svcctl.service:
    spec:
      name: worker
      exec: /usr/local/bin/worker
      args: ["--queue", "default"]
      env:
        QUEUE_URL: "{{ queue_url }}"
    state: started
    enabled: false

- name: Restart an installed service
  svcctl.svcctl.service:
    name: web
    state: restarted

- name: Remove a service (no change when it is not installed)
  svcctl.svcctl.service:
    name: worker
    state: absent

- name: A user service, with svcctl's supervisor backend
  svcctl.svcctl.service:
    spec: "{{ ansible_env.HOME }}/.config/svcctl/sync.yaml"
    user: true
    backend: supervisor
'''

RETURN = r'''
name:
  description: The service name (from the spec, or I(name)).
  returned: always
  type: str
  sample: web
install:
  description:
    - What C(svcctl install --dry-run --json) said an install would do, when a spec was given and the state is not
      C(absent); C(action) is C(created), C(updated) or C(unchanged), C(unit) the main file or registration.
  returned: when I(spec) is given and I(state) is not C(absent)
  type: dict
  sample: {"action": "updated", "unit": "/etc/systemd/system/web.service", "note": null}
actions:
  description: The svcctl commands that changed something (in check mode, those that would).
  returned: always
  type: list
  elements: str
  sample: ["install", "enable"]
status:
  description:
    - The service's status after the task (in check mode, as it is now) as C(svcctl status NAME --json) reports
      it (one C(serviceStatus) of svcctl's docs/json.md), C(state) C(not-installed) when it is not installed.
  returned: always
  type: dict
  sample: {"name": "web", "backend": "systemd", "state": "running", "pid": 4242, "enabled": true}
diff:
  description:
    - With C(--diff), the unified diff of the files svcctl writes (as C(prepared) text), and the service's state
      and enablement before and after.
  returned: when diff mode is on and something changes
  type: list
  elements: dict
'''

import json
import os

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.six import string_types

RUNNING = ('running', 'starting', 'restarting')
NOT_INSTALLED = 'not-installed'


class SvcctlError(Exception):
    def __init__(self, msg, **details):
        super(SvcctlError, self).__init__(msg)
        self.msg = msg
        self.details = details


class Svcctl(object):
    """Runs svcctl with --json and reads its one document; failures become SvcctlError."""

    def __init__(self, module):
        self.module = module
        executable = module.params['executable']
        if executable:
            if not os.access(executable, os.X_OK):
                module.fail_json(msg='svcctl executable %s is not executable' % executable)
            self.executable = executable
        else:
            self.executable = module.get_bin_path('svcctl', required=True)
        self.scope = []
        if module.params['backend']:
            self.scope += ['--backend', module.params['backend']]
        if module.params['user']:
            self.scope.append('--user')

    def run(self, args, stdin=None, ok_codes=(0,)):
        argv = [self.executable] + args + ['--json']
        rc, out, err = self.module.run_command(argv, data=stdin, binary_data=stdin is not None)
        try:
            document = json.loads(out) if out.strip() else None
        except ValueError:
            document = None
        if document is None:
            raise SvcctlError('svcctl %s printed no JSON document (exit %d)' % (args[0], rc),
                              rc=rc, stdout=out, stderr=err, cmd=argv)
        if rc not in ok_codes or 'error' in document:
            error = document.get('error') or {}
            raise SvcctlError(error.get('message') or 'svcctl %s failed (exit %d)' % (args[0], rc),
                              rc=rc, hint=error.get('hint'), problems=error.get('problems', []),
                              stderr=err, cmd=argv, document=document)
        return document

    @staticmethod
    def services(document):
        """The per-service entries of a document ({"services": [...]}, or a bare list)."""
        if isinstance(document, list):
            return document
        return document.get('services') or []

    def status(self, name):
        # status exits 3 for a service that is not running and 4 for one that is not installed: both are answers.
        entries = self.services(self.run(['status', name] + self.scope, ok_codes=(0, 3, 4)))
        for entry in entries:
            if entry.get('name') == name:
                return entry
        return {'name': name, 'state': NOT_INSTALLED}

    def verb(self, args, stdin=None):
        """Runs a verb that reports changed per service; True when it changed any."""
        document = self.run(args + self.scope, stdin=stdin)
        return any(entry.get('changed', True) for entry in self.services(document))


class Spec(object):
    """The spec option: a path on the managed host, or an inline mapping sent on standard input."""

    def __init__(self, value):
        if isinstance(value, dict):
            self.path = None
            # JSON is YAML: svcctl reads the mapping as it would a spec file.
            self.text = json.dumps(value, indent=2, sort_keys=False) + '\n'
            self.inline_name = value.get('name')
        elif isinstance(value, string_types):
            self.path = value
            self.text = None
            self.inline_name = None
        else:
            raise SvcctlError('spec must be the path of a spec file or a mapping, not %s' % type(value).__name__)

    def argument(self):
        return self.path if self.path is not None else '-'

    def stdin(self):
        return self.text


def status_text(status):
    if status is None:
        return 'state: %s\n' % NOT_INSTALLED
    enabled = status.get('enabled')
    if enabled is None:
        return 'state: %s\n' % status.get('state')
    return 'state: %s\nenabled: %s\n' % (status.get('state'), str(enabled).lower())


def manage(module, svcctl):
    params = module.params
    state = params['state']
    check = module.check_mode
    spec = Spec(params['spec']) if params['spec'] is not None else None
    name = params['name']
    result = {'changed': False, 'actions': []}
    diffs = []

    if spec is not None and spec.inline_name is not None and name and name != spec.inline_name:
        raise SvcctlError('name %s differs from the name in the spec, %s' % (name, spec.inline_name))

    plan = None
    if spec is not None and state != 'absent':
        document = svcctl.run(['install', spec.argument(), '--dry-run'] + svcctl.scope, stdin=spec.stdin())
        entries = svcctl.services(document)
        if len(entries) != 1:
            raise SvcctlError('the spec describes %d services; this module manages one' % len(entries))
        plan = entries[0]
        if name and name != plan['name']:
            raise SvcctlError('name %s differs from the name in the spec, %s' % (name, plan['name']))
        name = plan['name']
        result['install'] = dict((k, plan.get(k)) for k in ('action', 'unit', 'note'))
    elif spec is not None and not name:
        files = svcctl.run(['validate', spec.argument()], stdin=spec.stdin()).get('files') or []
        if len(files) != 1:
            raise SvcctlError('the spec describes %d services; this module manages one' % len(files))
        name = files[0]['service']
    if not name:
        raise SvcctlError('name is required when spec is not given')
    result['name'] = name

    before = svcctl.status(name)
    installed = before.get('state') != NOT_INSTALLED

    if state == 'absent':
        if installed:
            diffs.append({'before': status_text(before), 'after': status_text(None),
                          'before_header': name + ' (status)', 'after_header': name + ' (status)'})
            if check or svcctl.verb(['uninstall', name]):
                result['actions'].append('uninstall')
        result['changed'] = bool(result['actions'])
        result['status'] = svcctl.status(name) if not check else before
        return result, diffs

    if spec is None and not installed:
        raise SvcctlError('%s is not installed; give its spec to install it' % name)

    def act(action, args, stdin=None):
        """Runs one changing step (in check mode only records it); records it when it changed something."""
        if check or svcctl.verb(args, stdin):
            result['actions'].append(action)

    installed_now = False
    if plan is not None and plan.get('changed', plan.get('action') != 'unchanged'):
        installed_now = True
        if plan.get('diff'):
            diffs.append({'prepared': plan['diff']})
        options = ['--no-start', '--no-restart'] if state == 'stopped' else []
        act('install', ['install', spec.argument()] + options, spec.stdin())

    # In check mode a service the install would create has no status yet: predictions start from not-installed.
    current = svcctl.status(name) if not check else before
    predicted = dict(current)
    if check and installed_now and not installed:
        predicted['state'] = {'stopped': 'stopped', 'present': 'installed'}.get(state, 'running')
    running = current.get('state') in RUNNING

    if state == 'started' and not running:
        predicted['state'] = 'running'
        act('start', ['start', name])
    elif state == 'stopped' and running:
        predicted['state'] = 'stopped'
        act('stop', ['stop', name])
    elif state == 'restarted' and not (installed_now and running):
        predicted['state'] = 'running'
        act('restart', ['restart', name])

    wanted = params['enabled']
    if wanted is not None and (current.get('enabled') != wanted or (check and not installed)):
        predicted['enabled'] = wanted
        act('enable' if wanted else 'disable', ['enable' if wanted else 'disable', name])

    result['changed'] = bool(result['actions'])
    after = svcctl.status(name) if not check else predicted
    if status_text(before) != status_text(after):
        diffs.append({'before': status_text(before if installed else None), 'after': status_text(after),
                      'before_header': name + ' (status)', 'after_header': name + ' (status)'})
    result['status'] = after if not check else current
    return result, diffs


def main():
    module = AnsibleModule(
        argument_spec=dict(
            spec=dict(type='raw'),
            name=dict(type='str'),
            state=dict(type='str', default='present',
                       choices=['present', 'absent', 'started', 'stopped', 'restarted']),
            enabled=dict(type='bool'),
            user=dict(type='bool', default=False),
            backend=dict(type='str', choices=['systemd', 'launchd', 'windows', 'supervisor']),
            executable=dict(type='path'),
        ),
        required_one_of=[('spec', 'name')],
        supports_check_mode=True,
    )
    svcctl = Svcctl(module)
    try:
        result, diffs = manage(module, svcctl)
    except SvcctlError as e:
        details = dict((k, v) for k, v in e.details.items() if v is not None)
        # install exits 1 when a service it installed does not run: its document says what it changed all the same.
        document = details.pop('document', None)
        changed = document is not None and any(entry.get('changed', False) for entry in Svcctl.services(document))
        module.fail_json(msg=to_text(e.msg), changed=changed, **details)
    if module._diff and diffs:
        result['diff'] = diffs
    module.exit_json(**result)


if __name__ == '__main__':
    main()
