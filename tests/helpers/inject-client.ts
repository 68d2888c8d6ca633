import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** A browser's part for fastify.inject: keeps cookies, reads each page's CSRF token, posts forms. */
export class Client {
  readonly cookies = new Map<string, string>();
  /** The CSRF token of the last page read. */
  csrf = '';

  constructor(private readonly app: FastifyInstance) {}

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.remember(await this.app.inject({ method: 'GET', url, headers: { ...headers, cookie: this.cookieHeader() } }));
  }

  /** Posts a form with the last page's CSRF token unless `csrf: null`. */
  async post(url: string, form: Record<string, string>, options: { csrf?: string | null; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
    const token = options.csrf === undefined ? this.csrf : options.csrf;
    const body = new URLSearchParams({ ...form, ...(token === null ? {} : { _csrf: token }) }).toString();
    return this.remember(
      await this.app.inject({ method: 'POST', url, payload: body, headers: { ...options.headers, 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader() } }),
    );
  }

  async signIn(name: string, password: string): Promise<LightMyRequestResponse> {
    await this.get('/sign-in');
    return this.post('/sign-in', { name, password });
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number }[]) {
      if (cookie.value === '' || cookie.maxAge === 0) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (token) this.csrf = token[1]!;
    return response;
  }
}
