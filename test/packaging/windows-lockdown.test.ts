// The Windows lockdown: native/windows/shell-launcher.xml checked against the Shell Launcher
// v2 structure (the elements, attributes, order and values of Microsoft's XSD, written out
// below) and against where the NSIS installer puts the app; native/windows/install-kiosk.ps1
// parsed by the tree-sitter PowerShell grammar (no PowerShell runs here, so the script's
// behaviour is reviewed, not executed).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBuilderConfig } from '../../scripts/dist-deb.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const SL = 'http://schemas.microsoft.com/ShellLauncher/2018/Configuration';
const V2 = 'http://schemas.microsoft.com/ShellLauncher/2019/Configuration';
const GUID = /^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$/;
const ACTION = /^(RestartShell|RestartDevice|ShutdownDevice|DoNothing)$/;

/** Per element: its children as a regex over their space-joined names, and its attributes ("ns|name" for V2). */
const structure: Record<string, { children: RegExp; attrs: Record<string, { pattern: RegExp; required?: boolean }> }> = {
  ShellLauncherConfiguration: { children: /^Profiles Configs$/, attrs: {} },
  Profiles: { children: /^(DefaultProfile|Profile)( Profile)*$/, attrs: {} },
  DefaultProfile: { children: /^Shell$/, attrs: {} },
  Profile: { children: /^(Shell)?$/, attrs: { Id: { pattern: GUID, required: true } } },
  Shell: {
    children: /^(ReturnCodeActions)? ?(DefaultAction)?$/,
    attrs: { Shell: { pattern: /\S/, required: true }, [`${V2}|AppType`]: { pattern: /^(Desktop|UWP)$/ }, [`${V2}|AllAppsFullScreen`]: { pattern: /^(true|false)$/ } },
  },
  ReturnCodeActions: { children: /^ReturnCodeAction( ReturnCodeAction){0,3}$/, attrs: {} },
  ReturnCodeAction: { children: /^$/, attrs: { ReturnCode: { pattern: /^-?\d+$/, required: true }, Action: { pattern: ACTION, required: true } } },
  DefaultAction: { children: /^$/, attrs: { Action: { pattern: ACTION, required: true } } },
  Configs: { children: /^Config( Config)*$/, attrs: {} },
  Config: { children: /^(Account|AutoLogonAccount|UserGroup) Profile$/, attrs: {} },
  Account: { children: /^$/, attrs: { Name: { pattern: /\S/ }, Sid: { pattern: /^S-1-/ } } },
  AutoLogonAccount: { children: /^$/, attrs: { [`${V2}|DisplayName`]: { pattern: /\S/ } } },
  UserGroup: { children: /^$/, attrs: { Type: { pattern: /^(LocalGroup|AzureActiveDirectoryGroup|ActiveDirectoryGroup)$/, required: true }, Name: { pattern: /\S/, required: true } } },
};

/** Every way the document departs from the structure, as readable paths. */
function structureErrors(el: Element, where = ''): string[] {
  const at = `${where}/${el.localName}`;
  const rule = structure[el.localName];
  if (el.namespaceURI !== SL) return [`${at}: namespace ${el.namespaceURI}, expected ${SL}`];
  if (!rule) return [`${at}: unknown element`];
  const errors: string[] = [];
  const names = [...el.children].map((c) => c.localName).join(' ');
  if (!rule.children.test(names)) errors.push(`${at}: children "${names}" do not match ${rule.children}`);
  for (const attr of [...el.attributes]) {
    if (attr.name.startsWith('xmlns')) continue;
    const key = attr.namespaceURI ? `${attr.namespaceURI}|${attr.localName}` : attr.localName;
    const spec = rule.attrs[key];
    if (!spec) errors.push(`${at}: unknown attribute ${attr.name}`);
    else if (!spec.pattern.test(attr.value)) errors.push(`${at}@${attr.name}: "${attr.value}" does not match ${spec.pattern}`);
  }
  for (const [key, spec] of Object.entries(rule.attrs)) {
    const [ns, local] = key.includes('|') ? key.split('|') : [null, key];
    if (spec.required && !el.hasAttributeNS(ns ?? null, local ?? key)) errors.push(`${at}: missing attribute ${key}`);
  }
  if (el.localName === 'Account' && !el.hasAttribute('Name') && !el.hasAttribute('Sid')) errors.push(`${at}: needs Name or Sid`);
  return [...errors, ...[...el.children].flatMap((c) => structureErrors(c, at))];
}

function parseXml(text: string): Document {
  const doc = new new JSDOM('').window.DOMParser().parseFromString(text, 'application/xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  if (error) throw new Error(`not well-formed XML: ${error.textContent}`);
  return doc;
}

describe('native/windows/shell-launcher.xml', () => {
  const doc = parseXml(readFileSync(path.join(root, 'native/windows/shell-launcher.xml'), 'utf8'));
  const config = readBuilderConfig(root);

  it('has the Shell Launcher v2 structure, elements and values', () => {
    expect(structureErrors(doc.documentElement)).toEqual([]);
  });

  it('would catch a wrong document (the check is real)', () => {
    const broken = parseXml(
      `<ShellLauncherConfiguration xmlns="${SL}" xmlns:V2="${V2}"><Profiles><Profile Id="x"><Shell V2:AppType="Win32"><DefaultAction Action="Reboot"/><ReturnCodeActions/></Shell></Profile></Profiles><Configs><Config><Profile Id="x"/></Config></Configs></ShellLauncherConfiguration>`,
    );
    const errors = structureErrors(broken.documentElement).join('\n');
    expect(errors).toMatch(/Profile@Id/);
    expect(errors).toMatch(/Shell: missing attribute Shell/);
    expect(errors).toMatch(/AppType: "Win32"/);
    expect(errors).toMatch(/Shell: children "DefaultAction ReturnCodeActions"/);
    expect(errors).toMatch(/DefaultAction@Action: "Reboot"/);
    expect(errors).toMatch(/Config: children "Profile"/);
    expect(() => parseXml('<ShellLauncherConfiguration><Profiles></ShellLauncherConfiguration>')).toThrow(/not well-formed/);
  });

  it('gives the kiosk account the installed app, full screen, restarted whenever it exits', () => {
    const profile = [...doc.getElementsByTagNameNS(SL, 'Profile')].find((p) => p.parentElement?.localName === 'Profiles');
    const shell = profile?.getElementsByTagNameNS(SL, 'Shell')[0];
    // NSIS (perMachine) installs to Program Files\<productName> and names the exe after it.
    expect(shell?.getAttribute('Shell')).toBe(`%ProgramFiles%\\${config.productName}\\${config.productName}.exe`);
    expect(shell?.getAttributeNS(V2, 'AppType')).toBe('Desktop');
    expect(shell?.getAttributeNS(V2, 'AllAppsFullScreen')).toBe('true');
    expect(shell?.getElementsByTagNameNS(SL, 'DefaultAction')[0]?.getAttribute('Action')).toBe('RestartShell');
    const config0 = doc.getElementsByTagNameNS(SL, 'Config')[0];
    expect(config0?.getElementsByTagNameNS(SL, 'Account')[0]?.getAttribute('Name')).toBe('kiosk');
    expect(config0?.getElementsByTagNameNS(SL, 'Profile')[0]?.getAttribute('Id')).toBe(profile?.getAttribute('Id'));
  });

  it('leaves every other account on Explorer', () => {
    const fallback = doc.getElementsByTagNameNS(SL, 'DefaultProfile')[0]?.getElementsByTagNameNS(SL, 'Shell')[0];
    expect(fallback?.getAttribute('Shell')).toBe('%SystemRoot%\\explorer.exe');
  });
});

describe('native/windows/install-kiosk.ps1', () => {
  const source = readFileSync(path.join(root, 'native/windows/install-kiosk.ps1'), 'utf8');
  let tree: Node;

  beforeAll(async () => {
    const require = createRequire(import.meta.url);
    await Parser.init();
    const parser = new Parser();
    parser.setLanguage(await Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm')));
    tree = parser.parse(source)?.rootNode as Node;
  });

  const nodes = (type: string, from: Node = tree): Node[] => from.descendantsOfType(type).filter((n): n is Node => n !== null);
  const problems = (node: Node): string[] =>
    node.isError || node.isMissing ? [`${node.isMissing ? 'missing' : 'unexpected'} ${node.type} at line ${node.startPosition.row + 1}`] : node.children.flatMap((c) => (c ? problems(c) : []));

  it('parses as PowerShell without a syntax error', () => {
    expect(tree.type).toBe('program');
    expect(problems(tree)).toEqual([]);
  });

  it('would report a syntax error (the parser check is real)', async () => {
    const parser = new Parser();
    parser.setLanguage(await Language.load(createRequire(import.meta.url).resolve('tree-sitter-powershell/tree-sitter-powershell.wasm')));
    const broken = parser.parse('function F { if ($x { Write-Host "a" }\n')?.rootNode as Node;
    expect(problems(broken).length).toBeGreaterThan(0);
  });

  it('is ASCII only, since Windows PowerShell 5.1 reads a script without BOM as ANSI', () => {
    expect([...source].filter((c) => c.charCodeAt(0) > 0x7e && c !== '\u00a0')).toEqual([]);
  });

  it('defines the lockdown steps and calls each of them', () => {
    const defined = nodes('function_statement').map((f) => nodes('function_name', f)[0]?.text ?? '');
    const called = new Set(nodes('command_name').map((c) => c.text));
    for (const step of ['Assert-Prerequisites', 'Enable-WindowsFeatures', 'Set-KioskAccount', 'Set-AutoLogon', 'Set-DataDir', 'Set-KeyboardFilter', 'Set-TouchAndPowerPolicies', 'Start-AsSystem']) {
      expect(defined, step).toContain(step);
    }
    for (const fn of defined) expect(called.has(fn), `${fn} is never called`).toBe(true);
  });

  it('stops on the first error and blocks the escape keys', () => {
    expect(source).toMatch(/^Set-StrictMode -Version Latest$/m);
    expect(source).toMatch(/^\$ErrorActionPreference = 'Stop'$/m);
    for (const key of ['Ctrl+Alt+Del', 'Shift+Ctrl+Esc', 'Alt+Tab', 'Alt+F4', 'Win+L', 'Windows']) expect(source).toContain(`'${key}'`);
    expect(source).toMatch(/AllowEdgeSwipe' -Value 0/);
  });

  it('applies the same XML file and writes the Shell Launcher config only through the SYSTEM task', () => {
    expect(source).toContain("(Join-Path $PSScriptRoot 'shell-launcher.xml')");
    expect(source).toContain('[System.Net.WebUtility]::HtmlEncode');
    expect(source).toContain("New-ScheduledTaskPrincipal -UserId 'S-1-5-18'");
    // The auto-logon password never goes to the registry in clear.
    expect(source).not.toMatch(/-Name 'DefaultPassword' -Value/);
  });
});
