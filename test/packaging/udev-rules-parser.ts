// A small udev rules parser for tests, after udev(7): one rule per line (a trailing "\"
// continues it), comma-separated `KEY[{attr}] OP "value"` pairs, `#` comments. Strict where
// udev is lax, so a test catches what udev would silently ignore: an unknown key, a match
// operator on an assignment key (or the reverse), an unquoted value.
export type MatchOp = '==' | '!=';
export type AssignOp = '=' | '+=' | '-=' | ':=';

export interface UdevPair {
  key: string;
  attr?: string;
  op: MatchOp | AssignOp;
  value: string;
}

export interface UdevRule {
  line: number;
  matches: UdevPair[];
  assigns: UdevPair[];
}

export class UdevParseError extends Error {
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'UdevParseError';
  }
}

const MATCH_KEYS = new Set(['ACTION', 'DEVPATH', 'KERNEL', 'KERNELS', 'NAME', 'SUBSYSTEM', 'SUBSYSTEMS', 'DRIVER', 'DRIVERS', 'ATTR', 'ATTRS', 'SYSCTL', 'ENV', 'CONST', 'TAG', 'TAGS', 'TEST', 'PROGRAM', 'RESULT']);
const ASSIGN_KEYS = new Set(['NAME', 'SYMLINK', 'OWNER', 'GROUP', 'MODE', 'SECLABEL', 'ATTR', 'SYSCTL', 'ENV', 'TAG', 'RUN', 'LABEL', 'GOTO', 'IMPORT', 'OPTIONS']);
const WITH_ATTR = new Set(['ATTR', 'ATTRS', 'SYSCTL', 'ENV', 'CONST', 'TEST', 'IMPORT', 'RUN', 'SECLABEL']);

const PAIR = /^\s*([A-Z]+)(?:\{([^}]+)\})?\s*(==|!=|\+=|-=|:=|=)\s*"((?:[^"\\]|\\.)*)"\s*(?:,|$)/;

function parseLine(text: string, line: number): UdevRule {
  const rule: UdevRule = { line, matches: [], assigns: [] };
  let rest = text;
  while (rest.trim() !== '') {
    const m = PAIR.exec(rest);
    if (!m) throw new UdevParseError(line, `cannot parse "${rest.trim()}"`);
    const [whole, key = '', attr, op = '', value = ''] = m;
    if (attr !== undefined && !WITH_ATTR.has(key)) throw new UdevParseError(line, `${key} takes no {attribute}`);
    if (attr === undefined && WITH_ATTR.has(key) && key !== 'TEST') throw new UdevParseError(line, `${key} needs an {attribute}`);
    const pair: UdevPair = { key, op: op as UdevPair['op'], value, ...(attr !== undefined ? { attr } : {}) };
    if (op === '==' || op === '!=') {
      if (!MATCH_KEYS.has(key)) throw new UdevParseError(line, `${key} cannot be matched with ${op}`);
      rule.matches.push(pair);
    } else {
      if (!ASSIGN_KEYS.has(key)) throw new UdevParseError(line, `${key} cannot be assigned with ${op}`);
      rule.assigns.push(pair);
    }
    rest = rest.slice(whole.length);
  }
  if (rule.assigns.length === 0) throw new UdevParseError(line, 'a rule without an assignment does nothing');
  return rule;
}

export function parseUdevRules(text: string): UdevRule[] {
  const rules: UdevRule[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let current = lines[i] ?? '';
    while (current.endsWith('\\') && i + 1 < lines.length) current = current.slice(0, -1) + (lines[++i] ?? '');
    const trimmed = current.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    rules.push(parseLine(trimmed, start));
  }
  return rules;
}

/** The value of the first pair with this key (and attribute), matched or assigned. */
export function valueOf(rule: UdevRule, key: string, attr?: string): string | undefined {
  return [...rule.matches, ...rule.assigns].find((p) => p.key === key && p.attr === attr)?.value;
}
