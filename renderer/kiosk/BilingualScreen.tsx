// Full-screen message in both languages at once, for moments before any language can be
// chosen: host not connected, starting up, start-up failed.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type zhCN from '../i18n/zh-CN.json';
import { LOCALES } from '../i18n/i18n.js';

type Section = keyof typeof zhCN;
type Key<S extends Section> = `${S}.${keyof (typeof zhCN)[S] & string}`;

export interface BilingualScreenProps {
  title: Key<'host'> | Key<'app'>;
  body?: Key<'host'> | Key<'errors'>;
  testId: string;
  /** Progress or a retry button, shown under the text. */
  children?: ReactNode;
}

export function BilingualScreen({ title, body, testId, children }: BilingualScreenProps) {
  const { i18n } = useTranslation();
  return (
    <main className="bilingual" data-testid={testId}>
      {LOCALES.map((locale) => {
        const t = i18n.getFixedT(locale);
        return (
          <section key={locale} lang={locale} className="bilingual__block">
            <h1 className="bilingual__title">{t(title)}</h1>
            {body !== undefined && <p>{t(body)}</p>}
          </section>
        );
      })}
      {children}
    </main>
  );
}
