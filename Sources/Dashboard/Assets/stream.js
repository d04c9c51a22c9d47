// The live feed: GET /api/v1/events/stream read with fetch, so the bearer token travels in the Authorization
// header (EventSource cannot send one, and a token in the address would end up in access logs). Parses the
// text/event-stream format, reconnects after a drop or the server's end of a connection, and resumes with
// Last-Event-ID from the last journal sequence number seen.

/**
 * Starts following the stream. `onEvent(event)` gets each journal event (parsed JSON), `onState(state)` gets
 * 'connecting' | 'live' | 'retrying' | 'stopped'. `after` is where to start (null: from now).
 * Returns { stop(), lastSeq() }.
 */
export function followEvents({ getToken, getLanguage, onEvent, onState = () => {}, after = null, kinds = null }) {
  let lastSeq = after;
  let stopped = false;
  let controller = null;
  let retryMs = 2000;
  let failures = 0;

  async function connectOnce() {
    controller = new AbortController();
    const headers = { Accept: 'text/event-stream', 'Accept-Language': getLanguage() };
    const token = getToken();
    if (!token) throw new Error('signed out');
    headers.Authorization = `Bearer ${token}`;
    if (lastSeq !== null) headers['Last-Event-ID'] = String(lastSeq);
    const query = kinds ? `?kinds=${encodeURIComponent(kinds.join(','))}` : '';
    onState('connecting');
    const response = await fetch(`/api/v1/events/stream${query}`, {
      headers, signal: controller.signal, cache: 'no-store', credentials: 'same-origin',
    });
    if (!response.ok || !response.body) {
      const error = new Error(`HTTP ${response.status}`);
      error.status = response.status;
      throw error;
    }
    onState('live');
    failures = 0;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        handleBlock(block);
      }
    }
  }

  function handleBlock(block) {
    let id = null;
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'data') data += (data ? '\n' : '') + value;
      else if (field === 'retry' && /^\d+$/.test(value)) retryMs = Number(value);
    }
    if (id !== null && /^\d+$/.test(id)) lastSeq = Number(id);
    if (!data) return;
    try {
      onEvent(JSON.parse(data));
    } catch {
      // A malformed event is skipped; the next one still arrives.
    }
  }

  async function run() {
    while (!stopped) {
      try {
        await connectOnce();
      } catch (error) {
        if (stopped) break;
        if (error?.status === 401 || error?.status === 403) {
          onState('stopped');
          return;
        }
        failures += 1;
      }
      if (stopped) break;
      onState('retrying');
      // Back off after repeated failures (up to 30 s); a normal end of a connection reconnects at `retry`.
      const wait = failures ? Math.min(30000, retryMs * 2 ** Math.min(failures - 1, 4)) : 200;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    onState('stopped');
  }

  run();
  return {
    stop() {
      stopped = true;
      controller?.abort();
    },
    lastSeq: () => lastSeq,
  };
}

/** Parses a text/event-stream body into [{ id, event, data }] (for tests and tools). */
export function parseEventStream(text) {
  return text.split('\n\n').map((block) => {
    const frame = { id: null, event: 'message', data: '' };
    for (const line of block.split('\n')) {
      if (!line || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') frame.id = value;
      else if (field === 'event') frame.event = value;
      else if (field === 'data') frame.data += (frame.data ? '\n' : '') + value;
    }
    return frame;
  }).filter((frame) => frame.data);
}
