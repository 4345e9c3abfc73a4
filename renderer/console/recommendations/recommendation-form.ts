// The rule editor's form: plain strings as the inputs hold them, turned into a definition the
// hub's own schema checks before anything is sent (the same refusal the hub would answer,
// shown at once). Amounts are typed in yuan and kept in fen; conditions the form has no field
// for (a biller id written through the API) are kept as they are.
import type { BillerCategory } from '../../../protocol/core-banking.js';
import { ruleDefinitionSchema, type Condition, type RuleDefinition, type SuggestionAction } from '../../../protocol/recommendations.js';

export interface RuleForm {
  name: string;
  journey: RuleDefinition['when']['journey'];
  outcome: RuleDefinition['when']['outcome'];
  billerCategory: BillerCategory | '';
  paidByCard: boolean;
  /** Yuan, e.g. "100" or "99.50"; empty: no bound. */
  amountAtLeast: string;
  amountAtMost: string;
  /** Comma-separated queue service ids. */
  serviceIds: string;
  hourFrom: string;
  hourTo: string;
  kind: RuleDefinition['suggestion']['kind'];
  titleZh: string;
  titleEn: string;
  textZh: string;
  textEn: string;
  action: SuggestionAction['type'];
  articleId: string;
  ticketServiceId: string;
  priority: string;
  /** `YYYY-MM-DDTHH:mm` as a datetime-local input holds it (the console's local time); empty: open. */
  activeFrom: string;
  activeUntil: string;
  enabled: boolean;
  kept: Condition[];
}

export type FormCheck = { ok: true; definition: RuleDefinition } | { ok: false; problems: string[] };

export const emptyForm = (): RuleForm => ({
  name: '',
  journey: 'bill-payment',
  outcome: 'success',
  billerCategory: '',
  paidByCard: false,
  amountAtLeast: '',
  amountAtMost: '',
  serviceIds: '',
  hourFrom: '',
  hourTo: '',
  kind: 'marketing',
  titleZh: '',
  titleEn: '',
  textZh: '',
  textEn: '',
  action: 'none',
  articleId: '',
  ticketServiceId: '',
  priority: '10',
  activeFrom: '',
  activeUntil: '',
  enabled: true,
  kept: [],
});

const pad = (n: number) => String(n).padStart(2, '0');
function localInput(iso: string | null): string {
  if (iso === null) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
const yuan = (minor: number | undefined) => (minor === undefined ? '' : (minor / 100).toFixed(2));

/** Yuan as typed → fen, exactly (no float arithmetic); null when it is not an amount. */
export function fenOf(text: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export function formOf(definition: RuleDefinition, enabled: boolean): RuleForm {
  const form: RuleForm = { ...emptyForm(), name: definition.name, journey: definition.when.journey, outcome: definition.when.outcome, enabled };
  for (const c of definition.when.conditions) {
    if (c.field === 'billerCategory' && c.in.length === 1 && form.billerCategory === '') form.billerCategory = c.in[0] ?? '';
    else if (c.field === 'paidBy') form.paidByCard = true;
    else if (c.field === 'amount' && c.currency === 'CNY') {
      form.amountAtLeast = yuan(c.atLeastMinor);
      form.amountAtMost = yuan(c.atMostMinor);
    } else if (c.field === 'serviceId') form.serviceIds = c.in.join(', ');
    else if (c.field === 'hour') {
      form.hourFrom = String(c.from);
      form.hourTo = String(c.to);
    } else form.kept.push(c);
  }
  const s = definition.suggestion;
  return {
    ...form,
    kind: s.kind,
    titleZh: s.title['zh-CN'],
    titleEn: s.title.en,
    textZh: s.text['zh-CN'],
    textEn: s.text.en,
    action: s.action.type,
    articleId: s.action.type === 'article' ? s.action.articleId : '',
    ticketServiceId: s.action.type === 'ticket' ? s.action.serviceId : '',
    priority: String(definition.priority),
    activeFrom: localInput(definition.activeFrom),
    activeUntil: localInput(definition.activeUntil),
  };
}

export function checkForm(form: RuleForm): FormCheck {
  const problems: string[] = [];
  const conditions: Condition[] = [...form.kept];
  if (form.billerCategory !== '') conditions.push({ field: 'billerCategory', in: [form.billerCategory] });
  if (form.paidByCard) conditions.push({ field: 'paidBy', equals: 'card' });
  if (form.amountAtLeast.trim() !== '' || form.amountAtMost.trim() !== '') {
    const least = form.amountAtLeast.trim() === '' ? undefined : fenOf(form.amountAtLeast);
    const most = form.amountAtMost.trim() === '' ? undefined : fenOf(form.amountAtMost);
    if (least === null || most === null) problems.push('amount');
    else conditions.push({ field: 'amount', currency: 'CNY', ...(least !== undefined ? { atLeastMinor: least } : {}), ...(most !== undefined ? { atMostMinor: most } : {}) });
  }
  const services = form.serviceIds.split(',').map((s) => s.trim()).filter(Boolean);
  if (services.length > 0) conditions.push({ field: 'serviceId', in: services });
  if (form.hourFrom.trim() !== '' || form.hourTo.trim() !== '') conditions.push({ field: 'hour', from: Number(form.hourFrom), to: Number(form.hourTo) });
  const action: SuggestionAction =
    form.action === 'article' ? { type: 'article', articleId: form.articleId.trim() } : form.action === 'ticket' ? { type: 'ticket', serviceId: form.ticketServiceId.trim() } : { type: form.action };
  const when = (text: string) => (text === '' ? null : Number.isNaN(Date.parse(text)) ? text : new Date(text).toISOString());
  const candidate = {
    name: form.name,
    when: { journey: form.journey, outcome: form.outcome, conditions },
    suggestion: { kind: form.kind, title: { 'zh-CN': form.titleZh, en: form.titleEn }, text: { 'zh-CN': form.textZh, en: form.textEn }, action },
    priority: Number(form.priority),
    activeFrom: when(form.activeFrom),
    activeUntil: when(form.activeUntil),
  };
  const parsed = ruleDefinitionSchema.safeParse(candidate);
  if (!parsed.success) problems.push(...new Set(parsed.error.issues.map((issue) => fieldOf(issue.path))));
  return problems.length > 0 || !parsed.success ? { ok: false, problems: [...new Set(problems)] } : { ok: true, definition: parsed.data };
}

/** A schema path → the form field the console names in its message. */
function fieldOf(path: readonly PropertyKey[]): string {
  const [first, second, third] = path.map(String);
  if (first === 'name' || first === 'priority' || first === 'activeFrom' || first === 'activeUntil') return first;
  if (first === 'when') return third === undefined ? 'conditions' : 'conditions';
  if (first === 'suggestion' && (second === 'title' || second === 'text')) return second;
  if (first === 'suggestion' && second === 'action') return 'action';
  return 'other';
}
