// A few bilingual articles for the demo hub (npm start), published once when the knowledge
// base is empty: opening hours, bill-payment fees, documents to open an account, a lost card.
// Written as a branch would write them; an admin edits or archives them like any other.
import { parseBody, type ArticleContent } from '../../protocol/knowledge.js';
import type { Clock } from '../assist/clock.js';
import type { Database } from '../storage/queryable.js';
import { createKnowledgeStore } from './knowledge-store.js';

export const DEMO_SEED_ACTOR = 'demo-seed';

interface DemoArticle {
  slug: string;
  category: ArticleContent['category'];
  zh: { title: string; body: string; keywords: string[] };
  en: { title: string; body: string; keywords: string[] };
}

export const DEMO_ARTICLES: readonly DemoArticle[] = [
  {
    slug: 'opening-hours',
    category: 'hours',
    zh: {
      title: '网点营业时间',
      body: '本网点营业时间如下：\n\n- 周一至周五：**9:00–17:00**\n- 周六、周日：**9:00–16:00**（仅办理个人业务）\n- 法定节假日：以网点公告为准\n\n自助服务区 24 小时开放，存取款机和本自助机可随时使用。',
      keywords: ['营业时间', '开门', '几点', '周末', '节假日'],
    },
    en: {
      title: 'Branch opening hours',
      body: 'This branch is open:\n\n- Monday to Friday: **9:00–17:00**\n- Saturday and Sunday: **9:00–16:00** (personal banking only)\n- Public holidays: see the notice at the entrance\n\nThe self-service area is open 24 hours: cash machines and this kiosk can be used at any time.',
      keywords: ['hours', 'open', 'weekend', 'holiday', 'time'],
    },
  },
  {
    slug: 'bill-payment-fees',
    category: 'fees',
    zh: {
      title: '生活缴费手续费',
      body: '在本自助机缴纳水费、电费、燃气费和话费，**不收取手续费**。\n\n- 使用本行借记卡：免手续费\n- 使用他行银联卡：每笔 **2 元**\n- 信用卡缴费：免手续费，不计入取现额度\n\n缴费成功后请保留回单，一般在 1 个工作日内到账。',
      keywords: ['手续费', '收费', '缴费', '水电费', '费用'],
    },
    en: {
      title: 'Fees for paying bills',
      body: 'Paying water, electricity, gas and phone bills at this kiosk is **free of charge**.\n\n- With a card from this bank: no fee\n- With another bank\'s UnionPay card: **CNY 2** per payment\n- With a credit card: no fee, and it is not treated as a cash withdrawal\n\nKeep the receipt; the payment usually reaches the biller within 1 working day.',
      keywords: ['fee', 'fees', 'charge', 'cost', 'bill payment'],
    },
  },
  {
    slug: 'open-an-account-documents',
    category: 'documents',
    zh: {
      title: '开户需要带什么证件',
      body: '开立个人账户，请本人携带：\n\n1. 本人有效**居民身份证**（外籍客户请带护照）\n2. 本人手机（用于接收验证码）\n3. 如为他人代办，还需代办人身份证和授权书\n\n未满 16 周岁的客户，请由监护人陪同，并带户口本。',
      keywords: ['开户', '证件', '身份证', '材料', '办卡'],
    },
    en: {
      title: 'Documents to open an account',
      body: 'To open a personal account, please bring:\n\n1. Your valid **resident identity card** (a passport if you are not a Chinese citizen)\n2. Your mobile phone, for the verification code\n3. If someone acts for you: their identity card and your written authorisation\n\nCustomers under 16 come with a guardian and the household register (hukou).',
      keywords: ['open account', 'documents', 'ID card', 'passport', 'new card'],
    },
  },
  {
    slug: 'lost-card',
    category: 'how-to',
    zh: {
      title: '银行卡丢失怎么办',
      body: '发现银行卡丢失，请**立即挂失**，以免资金损失：\n\n1. 拨打客服热线 95xxx，按提示办理口头挂失\n2. 5 天内带本人身份证到任一网点办理正式挂失\n3. 正式挂失 7 天后可领取新卡，卡号可以不变\n\n挂失和补卡的工本费为 **10 元**。',
      keywords: ['挂失', '丢卡', '补卡', '银行卡丢了', '换卡'],
    },
    en: {
      title: 'How to replace a lost card',
      body: 'If your card is lost, **report it at once** so nobody can use it:\n\n1. Call the service line 95xxx and report the loss by phone\n2. Within 5 days, bring your identity card to any branch to confirm the report\n3. Collect the new card 7 days later; it can keep the same number\n\nA replacement card costs **CNY 10**.',
      keywords: ['lost card', 'stolen', 'replace', 'block card', 'new card'],
    },
  },
];

export function demoArticleContent(article: DemoArticle): ArticleContent {
  return {
    category: article.category,
    text: {
      'zh-CN': { title: article.zh.title, body: parseBody(article.zh.body), keywords: article.zh.keywords },
      en: { title: article.en.title, body: parseBody(article.en.body), keywords: article.en.keywords },
    },
  };
}

/** Creates and publishes the demo articles when the knowledge base is empty; how many it published. */
export async function seedDemoArticles(db: Database, clock: Pick<Clock, 'now'>): Promise<number> {
  const { rows } = await db.query<{ n: unknown }>('SELECT count(*) AS n FROM knowledge_articles');
  if (Number(rows[0]?.n ?? 0) > 0) return 0;
  const store = createKnowledgeStore(db, clock);
  let published = 0;
  for (const article of DEMO_ARTICLES) {
    // Another hub instance seeding at the same moment wins the slug; this one skips it.
    const created = await store.create(article.slug, demoArticleContent(article), DEMO_SEED_ACTOR);
    if (!created.ok) continue;
    if ((await store.publish(created.value.id, 1, DEMO_SEED_ACTOR)).ok) published += 1;
  }
  return published;
}
