import type { ReactElement, ReactNode } from 'react';

/** What React-PDF (@react-pdf/layout 5.2) passes a page's `layout` template. */
export interface PageTemplateProps {
  children?: ReactNode;
  pageNumber?: number;
  totalPages?: number;
  /** Set only while paginating: the template's first call (the check that it renders its children once) has none. */
  subPageNumber?: number;
}

/** @react-pdf/layout's mark on the stand-in it lays out to measure the room a template leaves for content. */
const PROBE_PROP = '__probe';

/**
 * A page template that lays out only what React-PDF uses of it. React-PDF
 * (resolvePagination) paginates a document with a page template twice: the
 * first round, without the page total, builds and lays out every page only
 * to count them, then the second builds them again with "page X of Y". A
 * page of the first round is laid out empty. And before building each page,
 * in both rounds, React-PDF lays the template out around a stand-in (the
 * probe) to measure the room left for content: the template is told
 * (`measuring`), so it can leave out what takes no room (absolutely placed
 * furniture), whose text would be laid out for nothing. Pages break where
 * they did, with the same bytes. (React-PDF has no way to ask for the count
 * alone; tests/page-template.test.tsx checks that it still paginates this way.)
 */
export function skippingCountedPages<P extends PageTemplateProps>(template: (props: P & { measuring: boolean }) => ReactElement): (props: P) => ReactElement | null {
  return (props) => {
    const measuring = isProbe(props.children);
    if (!measuring && props.totalPages === undefined && props.subPageNumber !== undefined) return null;
    return template({ ...props, measuring });
  };
}

/** Whether the template's content is the probe. React-PDF wraps each node it passes in an element whose `node` prop is the node itself. */
function isProbe(children: ReactNode): boolean {
  const payload = (Array.isArray(children) ? children : [children]) as { props?: { node?: { props?: Record<string, unknown> } } }[];
  return payload.some((element) => element?.props?.node?.props?.[PROBE_PROP] !== undefined);
}
