import type { CityConfig } from '../../platform/config.js';

/** One service request as the city's GET requests.json / tokens answer it (the fields we read). */
export interface CityRequest {
  service_request_id: string;
  status?: string;
  status_notes?: string | null;
  updated_datetime?: string | null;
  description?: string | null;
  service_code?: string;
}

export type PostOutcome = { kind: 'id'; serviceRequestId: string } | { kind: 'token'; token: string };

/**
 * A failed call to the city. `answered`: the city sent an HTTP answer (a definite failure, the
 * request was not created); otherwise a timeout or network error, after which the POST may or may
 * not have reached it. `retryable`: worth another attempt (5xx, 408, 429, no answer).
 */
export class CityOpen311Error extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly answered: boolean,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'CityOpen311Error';
  }
}

export interface PostRequestInput {
  serviceCode: string;
  /** WGS-84, as the standard's lat/long are. */
  lat: number;
  long: number;
  description: string;
  addressString?: string;
  /** The standard's media_url: a link the city can fetch the photo from. */
  mediaUrl?: string;
}

/**
 * The client of a city's Open311 GeoReport v2 endpoint (12345): POST requests.json as
 * application/x-www-form-urlencoded with api_key (and jurisdiction_id when configured), GET
 * tokens/{token}.json and requests.json. Answers are the standard's JSON arrays; errors the
 * standard's `[{code, description}]`, turned into a CityOpen311Error with the first of them.
 */
export class CityOpen311Client {
  constructor(private readonly config: CityConfig) {}

  private common(): Record<string, string> {
    return this.config.jurisdictionId ? { jurisdiction_id: this.config.jurisdictionId } : {};
  }

  async postRequest(input: PostRequestInput): Promise<PostOutcome> {
    const form = new URLSearchParams({
      api_key: this.config.apiKey,
      ...this.common(),
      service_code: input.serviceCode,
      lat: input.lat.toFixed(6),
      long: input.long.toFixed(6),
      description: input.description,
      ...(input.addressString ? { address_string: input.addressString } : {}),
      ...(input.mediaUrl ? { media_url: input.mediaUrl } : {}),
    });
    const body = await this.call('POST', 'requests.json', form);
    const first = firstOf(body);
    if (first && typeof first.service_request_id === 'string' && first.service_request_id)
      return { kind: 'id', serviceRequestId: first.service_request_id };
    if (first && typeof first.service_request_id === 'number')
      return { kind: 'id', serviceRequestId: String(first.service_request_id) };
    if (first && (typeof first.token === 'string' || typeof first.token === 'number') && String(first.token))
      return { kind: 'token', token: String(first.token) };
    throw new CityOpen311Error('city answered neither service_request_id nor token', 200, true, true);
  }

  /** The service_request_id a token stands for, or null while the city has not assigned one. */
  async resolveToken(token: string): Promise<string | null> {
    const query = new URLSearchParams(this.common());
    const suffix = query.toString() ? `?${query}` : '';
    try {
      const first = firstOf(await this.call('GET', `tokens/${encodeURIComponent(token)}.json${suffix}`));
      const id = first?.service_request_id;
      return id === undefined || id === null || id === '' ? null : String(id);
    } catch (err) {
      // The standard: 404 while the request is not yet created.
      if (err instanceof CityOpen311Error && err.status === 404) return null;
      throw err;
    }
  }

  /** The requests with these ids (the standard's comma list). */
  async getRequests(ids: string[]): Promise<CityRequest[]> {
    const query = new URLSearchParams({ ...this.common(), service_request_id: ids.join(',') });
    return requestsOf(await this.call('GET', `requests.json?${query}`));
  }

  /** Requests of a service code created in a window (the look-up after an attempt cut short). */
  async findRequests(input: { serviceCode: string; start: Date; end: Date }): Promise<CityRequest[]> {
    const query = new URLSearchParams({
      ...this.common(),
      service_code: input.serviceCode,
      start_date: input.start.toISOString(),
      end_date: input.end.toISOString(),
    });
    return requestsOf(await this.call('GET', `requests.json?${query}`));
  }

  private async call(method: 'GET' | 'POST', path: string, form?: URLSearchParams): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${this.config.url}/${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } : {}),
        },
        ...(form ? { body: form.toString() } : {}),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      const what =
        e.name === 'TimeoutError' ? `timeout after ${this.config.timeoutMs} ms` : `network error: ${e.message}`;
      throw new CityOpen311Error(what, null, false, true);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw new CityOpen311Error(`network error: ${(err as Error).message}`, null, false, true);
    }
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    if (!res.ok) {
      const first = firstOf(body);
      const detail =
        first && (first.code !== undefined || first.description !== undefined)
          ? `${String(first.code ?? '')} ${String(first.description ?? '')}`.trim()
          : text.slice(0, 200);
      const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
      throw new CityOpen311Error(`HTTP ${res.status}: ${detail}`, res.status, true, retryable);
    }
    if (body === null) throw new CityOpen311Error(`HTTP ${res.status}: not JSON`, res.status, true, true);
    return body;
  }
}

function firstOf(body: unknown): Record<string, unknown> | null {
  const item = Array.isArray(body) ? body[0] : body;
  return item && typeof item === 'object' ? (item as Record<string, unknown>) : null;
}

function requestsOf(body: unknown): CityRequest[] {
  const items = Array.isArray(body) ? body : [];
  return items
    .filter((i): i is Record<string, unknown> => !!i && typeof i === 'object' && i.service_request_id != null)
    .map((i) => ({
      service_request_id: String(i.service_request_id),
      status: typeof i.status === 'string' ? i.status : undefined,
      status_notes: typeof i.status_notes === 'string' ? i.status_notes : null,
      updated_datetime: typeof i.updated_datetime === 'string' ? i.updated_datetime : null,
      description: typeof i.description === 'string' ? i.description : null,
      service_code: typeof i.service_code === 'string' ? i.service_code : undefined,
    }));
}
