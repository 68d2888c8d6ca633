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
 * A page template that lays out nothing for the pages React-PDF builds only
 * to count them. With a page template React-PDF paginates twice
 * (resolvePagination): the first round, without the page total, builds and
 * lays out every page only for their number, then the second builds them
 * again with "page X of Y". Where pages break is decided by the room the
 * template leaves for content, measured with a probe that still gets the
 * whole template, never by the built page, so the count is the same. (React-PDF
 * has no way to ask for the count alone; tests/pagination.test.ts checks that
 * it still paginates this way.)
 */
export function skippingCountedPages<P extends PageTemplateProps>(template: (props: P) => ReactElement): (props: P) => ReactElement | null {
  return (props) => (countedOnly(props) ? null : template(props));
}

/** A page of the first round: no total yet, and built from content rather than measured with the probe. */
function countedOnly({ children, totalPages, subPageNumber }: PageTemplateProps): boolean {
  if (totalPages !== undefined || subPageNumber === undefined) return false;
  // React-PDF wraps each payload node in an element whose `node` prop is the node itself.
  const payload = (Array.isArray(children) ? children : [children]) as { props?: { node?: { props?: Record<string, unknown> } } }[];
  return !payload.some((element) => element?.props?.node?.props?.[PROBE_PROP] !== undefined);
}
