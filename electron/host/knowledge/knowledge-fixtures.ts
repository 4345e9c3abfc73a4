// Articles as the hub publishes them, for the host's knowledge tests.
import { parseBody, type KioskArticle, type KnowledgeCategory } from '../../../protocol/knowledge.js';

let counter = 0;

export function article(zh: { title: string; body: string; keywords?: string[] }, en: { title: string; body: string; keywords?: string[] }, category: KnowledgeCategory = 'other'): KioskArticle {
  counter += 1;
  const id = `0190a000-0000-7000-8000-${String(counter).padStart(12, '0')}`;
  return {
    id,
    slug: `article-${counter}`,
    version: 1,
    publishedAt: '2026-12-04T09:00:00.000Z',
    category,
    text: {
      'zh-CN': { title: zh.title, body: parseBody(zh.body), keywords: zh.keywords ?? [] },
      en: { title: en.title, body: parseBody(en.body), keywords: en.keywords ?? [] },
    },
  };
}

export const fees = (): KioskArticle =>
  article(
    { title: '生活缴费手续费', body: '在本自助机缴纳水电费**不收取手续费**。\n\n- 他行卡每笔 2 元', keywords: ['收费'] },
    { title: 'Fees for paying bills', body: 'Paying bills here is **free of charge**.', keywords: ['charges'] },
    'fees',
  );
export const hours = (): KioskArticle =>
  article({ title: '网点营业时间', body: '周一至周五 9:00–17:00。自助服务区 24 小时开放。' }, { title: 'Branch opening hours', body: 'Monday to Friday 9:00–17:00.' }, 'hours');
export const lostCard = (): KioskArticle =>
  article(
    { title: '银行卡丢失怎么办', body: '请立即挂失。补卡工本费 10 元，不收其他手续费。', keywords: ['挂失'] },
    { title: 'How to replace a lost card', body: 'Report the loss at once. A new card costs CNY 10.', keywords: ['lost card'] },
    'how-to',
  );
export const documents = (): KioskArticle =>
  article({ title: '开户需要带什么证件', body: '请带本人居民身份证和手机。' }, { title: 'Documents to open an account', body: 'Bring your identity card and your phone.' }, 'documents');
