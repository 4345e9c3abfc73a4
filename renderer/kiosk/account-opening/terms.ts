// The account terms the customer reads and signs, by version. The host names the version it
// records (the `consent` phase); the page shows that version's text and sends the same version
// back, so what was signed is what was on screen. A new text is a new version, never an edit.
// Plain words, short paragraphs: it is read on a kiosk, often aloud, sometimes by an elder.
import type { Locale } from '../../../electron/bridge/contract.js';

export interface TermsText {
  title: string;
  paragraphs: readonly string[];
}

export const CURRENT_TERMS_VERSION = 'acct-terms-2026.12';

const TERMS: Readonly<Record<string, Readonly<Record<Locale, TermsText>>>> = {
  [CURRENT_TERMS_VERSION]: {
    'zh-CN': {
      title: '个人银行账户服务条款（2026年12月版）',
      paragraphs: [
        '1. 本条款适用于您在本自助设备上开立的个人人民币结算账户（I类账户）。账户由银行审核通过后开立。',
        '2. 您保证所提供的身份证件真实、有效，并由本人亲自办理。冒用他人身份或出租、出借、出售账户属违法行为，银行将依法处理。',
        '3. 为核实您的身份，银行会读取您的身份证件，将您的现场照片与证件照片进行比对，并由银行工作人员通过视频审核您的申请。',
        '4. 银行依法保存您的证件信息、照片、签名和问卷回答，仅用于开立和管理账户、反洗钱及法律要求的用途，不会用于其他目的。',
        '5. 您应妥善保管账户信息、银行卡和密码。如有遗失或被盗，请立即联系银行挂失。',
        '6. 账户的利率、费用和限额以银行网点公布的标准为准。银行如调整，将提前公告。',
        '7. 您的信息如有变化（如地址、职业、税收居民身份），请及时告知银行。',
        '8. 您可以随时到银行网点申请销户。如账户长期不动或存在风险，银行可依法依约限制或关闭账户。',
      ],
    },
    en: {
      title: 'Personal account terms (December 2026)',
      paragraphs: [
        '1. These terms apply to the personal current account in Chinese yuan (a Class I account) that you open at this kiosk. The account is opened once the bank has approved your application.',
        '2. You confirm that your identity document is genuine and valid, and that you are applying in person. Using someone else’s identity, or renting, lending or selling an account, is against the law.',
        '3. To check who you are, the bank reads your identity document, compares a photo taken now with the photo on the document, and a member of bank staff checks your application with you on video.',
        '4. The bank keeps your document details, photos, signature and answers as the law requires, and uses them only to open and run your account, to prevent money laundering and for other legal duties.',
        '5. Keep your account details, card and PIN safe. If they are lost or stolen, contact the bank at once.',
        '6. Interest rates, fees and limits are those published in the bank’s branches. The bank announces any change in advance.',
        '7. Tell the bank when your details change (address, occupation, where you pay tax).',
        '8. You can close the account at any branch. The bank may limit or close an account that is unused for a long time or at risk, as the law and these terms allow.',
      ],
    },
  },
};

/** The text of a version in a language; null for a version this page does not have. */
export function termsFor(version: string, locale: Locale): TermsText | null {
  return TERMS[version]?.[locale] ?? null;
}

/** What read-aloud says: the title, then each paragraph. */
export function termsSpeech(terms: TermsText): string {
  return [terms.title, ...terms.paragraphs].join('\n');
}
