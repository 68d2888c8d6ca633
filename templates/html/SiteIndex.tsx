import { renderToStaticMarkup } from 'react-dom/server';
import type { Clinic } from '../../src/model/edition.ts';
import { Masthead } from './HtmlEdition.tsx';
import { htmlStyles } from './styles.ts';

/** A text in a language, which may not be the page's (a template string not yet translated shows the source's). */
export interface LocalText {
  text: string;
  lang: string;
  dir: 'ltr' | 'rtl';
}

export interface IndexLink {
  href: string;
  /** What the link leads to: a handout's title, or a language's name in that language. */
  name: LocalText;
  /** Said after the name, within the link: the reading level, or "Patient handouts" in the linked language. */
  detail: LocalText;
}

export interface SiteIndexProps {
  lang: string;
  dir: 'ltr' | 'rtl';
  title: LocalText;
  skipToContent: LocalText;
  clinic: Clinic;
  links: IndexLink[];
  /** Tool name and version, for the generator meta. */
  creator: string;
}

/** An index page of the online editions: one heading and a list of links, no script. Same props, same string. */
export function renderSiteIndex(props: SiteIndexProps): string {
  return `<!doctype html>${renderToStaticMarkup(<SiteIndex {...props} />)}`;
}

const MAIN_ID = 'Main';

/** A text's lang and dir, given only where they differ from its surroundings'. */
function languageOf(text: LocalText, around: { lang: string; dir: 'ltr' | 'rtl' }) {
  return { lang: text.lang === around.lang ? undefined : text.lang, dir: text.dir === around.dir ? undefined : text.dir };
}

function SiteIndex({ lang, dir, title, skipToContent, clinic, links, creator }: SiteIndexProps) {
  const page = { lang, dir };
  return (
    <html lang={lang} dir={dir}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title.text} – ${clinic.name}`}</title>
        <meta name="generator" content={creator} />
        <style dangerouslySetInnerHTML={{ __html: htmlStyles(clinic.brandColor) }} />
      </head>
      <body>
        <a className="skip-link" href={`#${MAIN_ID}`} {...languageOf(skipToContent, page)}>
          {skipToContent.text}
        </a>
        <Masthead clinic={clinic} direction={dir} />
        <main id={MAIN_ID}>
          <h1 {...languageOf(title, page)}>{title.text}</h1>
          <ul className="site-index">
            {links.map((link) => (
              <li key={link.href} {...languageOf(link.name, page)}>
                <a href={link.href} hrefLang={link.name.lang}>
                  <span className="index-name">{link.name.text}</span>
                  <span className="index-detail" {...languageOf(link.detail, link.name)}>
                    {link.detail.text}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </main>
        <footer>
          <p>{clinic.name}</p>
        </footer>
      </body>
    </html>
  );
}
