/**
 * The front desk's pages: plain server-rendered HTML forms that work without
 * JavaScript (frontdesk.js only opens the print dialog). Staff-facing strings
 * come from the frontdesk catalog through `t`.
 */
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { LanguageLevel, SearchHit, TopicEntry } from './catalog.ts';
import type { EditionFacts, EditionRequest } from './editions.ts';

/** What every page knows about who is asking. */
export interface PageContext {
  t: TFunction;
  /** The signed-in staff member's name; null on the sign-in page. */
  staff: string | null;
  /** The CSRF token for this page's forms. */
  csrf: string;
}

export function page(context: PageContext, title: string, body: ReactNode): string {
  return `<!doctype html>${renderToStaticMarkup(<Layout context={context} title={title}>{body}</Layout>)}`;
}

function Layout({ context, title, children }: { context: PageContext; title: string; children: ReactNode }) {
  const { t, staff } = context;
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${t('app.name')}`}</title>
        <link rel="stylesheet" href="/static/frontdesk.css" />
        <script src="/static/frontdesk.js" defer />
      </head>
      <body>
        <a className="skip" href="#main">
          {t('app.skip')}
        </a>
        <header>
          <p className="brand">{t('app.name')}</p>
          {staff && (
            <nav aria-label={t('app.nav.label')}>
              <a href="/search">{t('app.nav.search')}</a>
              <a href="/history">{t('app.nav.history')}</a>
              <span>{t('app.signedInAs', { name: staff })}</span>
              <form method="post" action="/sign-out" className="inline">
                <Csrf context={context} />
                <button type="submit">{t('app.signOut')}</button>
              </form>
            </nav>
          )}
        </header>
        <main id="main">
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}

function Csrf({ context }: { context: PageContext }) {
  return <input type="hidden" name="_csrf" value={context.csrf} />;
}

export function signInPage(context: PageContext, problem: string | null): string {
  const { t } = context;
  return page(
    context,
    t('signIn.title'),
    <form method="post" action="/sign-in">
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
      <Csrf context={context} />
      <label htmlFor="name">{t('signIn.name')}</label>
      <input id="name" name="name" autoComplete="username" required />
      <label htmlFor="password">{t('signIn.password')}</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required />
      <button type="submit">{t('signIn.submit')}</button>
    </form>,
  );
}

export interface Choices {
  languages: { id: string; name: string }[];
  levels: string[];
  formats: string[];
  clinics: { id: string; name: string }[];
  /** The project's default paper. */
  paper: 'letter' | 'a4';
}

export function searchPage(context: PageContext, query: { q: string; language?: string | undefined; level?: string | undefined; format?: string | undefined }, hits: SearchHit[] | null, choices: Choices, unreadable: Map<string, string[]>): string {
  const { t } = context;
  const select = (name: 'language' | 'level' | 'format', label: string, options: { id: string; name: string }[]) => (
    <p>
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={query[name] ?? ''}>
        <option value="">{t('search.any')}</option>
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.name}
          </option>
        ))}
      </select>
    </p>
  );
  const named = (ids: string[]) => ids.map((id) => ({ id, name: id }));
  return page(
    context,
    t('search.title'),
    <>
      {[...unreadable].map(([topic, reasons]) => (
        <p key={topic} className="problem">
          {t('topic.unreadable', { topic, reasons: reasons.slice(0, REASONS_SHOWN).join('; ') })}
        </p>
      ))}
      <form method="get" action="/search" role="search">
        <p>
          <label htmlFor="q">{t('search.query')}</label>
          <input id="q" name="q" type="search" defaultValue={query.q} />
        </p>
        <div className="filters">
          {select('language', t('search.language'), choices.languages)}
          {select('level', t('search.level'), named(choices.levels))}
          {select('format', t('search.format'), named(choices.formats))}
        </div>
        <button type="submit">{t('search.submit')}</button>
      </form>
      {hits && (
        <section aria-labelledby="results">
          <h2 id="results">{t('search.results', { count: hits.length })}</h2>
          {hits.length === 0 && <p>{t('search.none')}</p>}
          <ul className="results">
            {hits.map(({ topic, matches }) => (
              <li key={topic.id}>
                <h3>
                  <a href={`/topics/${topic.id}`} lang={matches[0]!.language}>
                    {matches[0]!.title}
                  </a>
                </h3>
                <p lang={matches[0]!.language}>{matches[0]!.summary}</p>
                <p>
                  {t('search.readyIn')}{' '}
                  {matches.map((match, index) => (
                    <span key={`${match.language}-${match.level}`}>
                      {index > 0 && ', '}
                      <a href={editionHref({ topic: topic.id, language: match.language, level: match.level, format: query.format ?? choices.formats[0]!, paper: choices.paper, clinic: choices.clinics[0]!.id })}>
                        <span lang={match.language}>{match.languageName}</span> ({match.level})
                      </a>
                    </span>
                  ))}
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>,
  );
}

export function topicPage(context: PageContext, topic: TopicEntry, choices: Choices): string {
  const { t } = context;
  const source = topic.editions.find((edition) => edition.language === topic.sourceLanguage)!;
  return page(
    context,
    source.title,
    <>
      <p>{t('topic.version', { version: topic.version, reviewed: topic.reviewed })}</p>
      <p>{source.summary}</p>
      <table>
        <caption>{t('topic.languages')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('topic.language')}</th>
            <th scope="col">{t('topic.level')}</th>
            <th scope="col">{t('topic.state')}</th>
            <th scope="col">{t('topic.why')}</th>
          </tr>
        </thead>
        <tbody>
          {topic.editions.map((edition) => (
            <tr key={`${edition.language}-${edition.level}`} className={edition.state}>
              <th scope="row" lang={edition.language}>
                {edition.languageName}
              </th>
              <td>{edition.level}</td>
              <td>{stateText(t, edition)}</td>
              <td>
                {edition.state === 'ready' ? (
                  <a href={editionHref({ topic: topic.id, language: edition.language, level: edition.level, format: choices.formats[0]!, paper: choices.paper, clinic: choices.clinics[0]!.id })}>
                    {t('topic.choose')} <span className="visually-hidden">{`${edition.languageName} ${edition.level}`}</span>
                  </a>
                ) : (
                  <Reasons edition={edition} t={t} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href={`/topics/${topic.id}/recall`}>{t('topic.recall')}</a>
      </p>
    </>,
  );
}

function stateText(t: TFunction, edition: LanguageLevel): string {
  if (edition.state === 'ready') return edition.unreviewed ? t('topic.readyUnreviewed') : t('topic.ready');
  return edition.state === 'draft' ? t('topic.draft') : t('topic.unavailable');
}

function Reasons({ edition, t }: { edition: LanguageLevel; t: TFunction }) {
  return (
    <>
      {edition.state === 'draft' && <p>{t('topic.draftCounts', { missing: edition.missing, stale: edition.stale })}</p>}
      <ul className="reasons">
        {edition.reasons.slice(0, REASONS_SHOWN).map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
    </>
  );
}

/** Enough to say why without burying the page: the full list is in `handout check`. */
const REASONS_SHOWN = 5;

export function editionHref(request: EditionRequest, base = '/edition'): string {
  return `${base}?${editionQuery(request)}`;
}

export function editionQuery(request: EditionRequest): string {
  const { topic, language, level, format, paper, clinic } = request;
  return new URLSearchParams({ topic, language, level, format, paper, clinic }).toString();
}

function EditionFields({ request }: { request: EditionRequest }) {
  return (
    <>
      {(['topic', 'language', 'level', 'format', 'paper', 'clinic'] as const).map((name) => (
        <input key={name} type="hidden" name={name} value={request[name]} />
      ))}
    </>
  );
}

export interface EditionView {
  request: EditionRequest;
  facts: EditionFacts;
  edition: LanguageLevel;
  isPdf: boolean;
  /** Whether the clinic's project has an email setup. */
  canEmail: boolean;
  /** A message about the last email attempt. */
  notice: { kind: 'problem' | 'done'; text: string } | null;
}

export function editionPage(context: PageContext, view: EditionView, choices: Choices): string {
  const { t } = context;
  const { request, facts, edition } = view;
  const fileHref = editionHref(request, '/edition/file');
  return page(
    context,
    t('edition.title', { title: edition.title, language: edition.languageName, level: edition.level }),
    <>
      {view.notice && (
        <p role={view.notice.kind === 'problem' ? 'alert' : 'status'} className={view.notice.kind}>
          {view.notice.text}
        </p>
      )}
      <p>
        {t('edition.version', { version: facts.version })} {stateText(t, edition)}
      </p>
      <form method="get" action="/edition" className="settings">
        <fieldset>
          <legend>{t('edition.settings')}</legend>
          {(['topic', 'language', 'level'] as const).map((name) => (
            <input key={name} type="hidden" name={name} value={request[name]} />
          ))}
          <p>
            <label htmlFor="clinic">{t('edition.clinic')}</label>
            <select id="clinic" name="clinic" defaultValue={request.clinic}>
              {choices.clinics.map((clinic) => (
                <option key={clinic.id} value={clinic.id}>
                  {clinic.name}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label htmlFor="paper">{t('edition.paper')}</label>
            <select id="paper" name="paper" defaultValue={request.paper}>
              <option value="letter">{t('edition.letter')}</option>
              <option value="a4">{t('edition.a4')}</option>
            </select>
          </p>
          <p>
            <label htmlFor="format">{t('edition.format')}</label>
            <select id="format" name="format" defaultValue={request.format}>
              {choices.formats.map((format) => (
                <option key={format} value={format}>
                  {format}
                </option>
              ))}
            </select>
          </p>
          <button type="submit">{t('edition.show')}</button>
        </fieldset>
      </form>
      <section aria-labelledby="preview">
        <h2 id="preview">{t('edition.preview')}</h2>
        {view.isPdf ? (
          <div className="preview">
            <img src={editionHref(request, '/edition/preview.png')} alt={t('edition.previewAlt')} width={300} />
            <iframe src={fileHref} title={t('edition.frameTitle')} />
          </div>
        ) : (
          <p>{t('edition.notPdf')}</p>
        )}
        <p>
          <a href={fileHref}>{view.isPdf ? t('edition.openPdf') : t('edition.webPage')}</a>
        </p>
        {facts.onlineUrl && (
          <p>
            {t('edition.online')} <a href={facts.onlineUrl}>{facts.onlineUrl}</a>
          </p>
        )}
      </section>
      <section aria-labelledby="print">
        <h2 id="print">{t('edition.print')}</h2>
        <form method="post" action="/print" target="_blank" id="print-form">
          <Csrf context={context} />
          <EditionFields request={request} />
          <p>
            <label htmlFor="print-patient">{t('edition.patientRef')}</label>
            <input id="print-patient" name="patientRef" autoComplete="off" maxLength={200} />
          </p>
          <p className="help">{t('edition.printHelp')}</p>
          <button type="submit">{t('edition.print')}</button>
        </form>
        <form method="post" action="/download">
          <Csrf context={context} />
          <EditionFields request={request} />
          <p className="help">{t('edition.downloadHelp')}</p>
          <button type="submit">{t('edition.download')}</button>
        </form>
      </section>
      {view.canEmail && (
        <section aria-labelledby="email">
          <h2 id="email">{t('edition.email')}</h2>
          <form method="post" action="/email">
            <Csrf context={context} />
            <EditionFields request={request} />
            <p>
              <label htmlFor="to">{t('edition.address')}</label>
              <input id="to" name="to" type="email" autoComplete="off" required maxLength={254} />
            </p>
            <p className="check">
              <input id="confirm" name="confirm" type="checkbox" value="yes" required />
              <label htmlFor="confirm">{t('edition.confirm')}</label>
            </p>
            <button type="submit">{t('edition.send')}</button>
          </form>
        </section>
      )}
    </>,
  );
}

export function printPage(context: PageContext, request: EditionRequest, fileName: string): string {
  const { t } = context;
  const fileHref = editionHref(request, '/edition/file');
  return page(
    context,
    t('printing.title', { file: fileName }),
    <>
      <p>
        {t('printing.help')} <a href={fileHref}>{t('edition.openPdf')}</a>
      </p>
      <iframe id="print-frame" className="print" src={fileHref} title={t('edition.frameTitle')} />
    </>,
  );
}

export function refusedPage(context: PageContext, reasons: string[], topic: string | null): string {
  const { t } = context;
  return page(
    context,
    t('refused.title'),
    <>
      <p>{t('refused.intro')}</p>
      <p>{t('refused.reasons')}</p>
      <ul className="reasons">
        {reasons.slice(0, REASONS_SHOWN).map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      {topic && (
        <p>
          <a href={`/topics/${topic}`}>{t('refused.back')}</a>
        </p>
      )}
    </>,
  );
}

export function messagePage(context: PageContext, title: string, text: string, back?: { href: string; label: string }): string {
  return page(
    context,
    title,
    <>
      <p>{text}</p>
      {back && (
        <p>
          <a href={back.href}>{back.label}</a>
        </p>
      )}
    </>,
  );
}

/** A delivery as the history and recall pages show it. */
export interface DeliveryRow {
  at: Date;
  staff: string;
  topic: string;
  version: string;
  edition: string;
  channel: 'print' | 'download' | 'email';
  recipient: string | null;
  patientRef: string | null;
}

export function historyPage(context: PageContext, rows: DeliveryRow[] | null): string {
  const { t } = context;
  return page(
    context,
    t('history.title'),
    <>
      <p>{t('history.intro')}</p>
      <form method="post" action="/history">
        <Csrf context={context} />
        <p>
          <label htmlFor="email">{t('history.email')}</label>
          <input id="email" name="email" type="email" autoComplete="off" maxLength={254} />
        </p>
        <p>
          <label htmlFor="patientRef">{t('history.patientRef')}</label>
          <input id="patientRef" name="patientRef" autoComplete="off" maxLength={200} />
        </p>
        <button type="submit">{t('history.submit')}</button>
      </form>
      {rows && (rows.length === 0 ? <p role="status">{t('history.none')}</p> : <Deliveries t={t} rows={rows} />)}
    </>,
  );
}

export function recallPage(context: PageContext, topic: TopicEntry, title: string, rows: DeliveryRow[]): string {
  const { t } = context;
  return page(
    context,
    t('recall.title', { title }),
    <>
      <p>{t('recall.intro', { version: topic.version })}</p>
      {rows.length === 0 ? <p>{t('recall.none')}</p> : <Deliveries t={t} rows={rows} />}
      <p>
        <a href={`/topics/${topic.id}/recall.csv`}>{t('recall.csv')}</a>
      </p>
    </>,
  );
}

function Deliveries({ t, rows }: { t: TFunction; rows: DeliveryRow[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('history.when')}</th>
          <th scope="col">{t('history.staff')}</th>
          <th scope="col">{t('history.topic')}</th>
          <th scope="col">{t('recall.version')}</th>
          <th scope="col">{t('history.edition')}</th>
          <th scope="col">{t('history.channel')}</th>
          <th scope="col">{t('recall.recipient')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={index}>
            <td>{row.at.toISOString().replace('T', ' ').slice(0, 16)}</td>
            <td>{row.staff}</td>
            <td>{row.topic}</td>
            <td>{row.version}</td>
            <td>{row.edition}</td>
            <td>{t(`history.channels.${row.channel}`)}</td>
            <td>{row.recipient ?? row.patientRef ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
