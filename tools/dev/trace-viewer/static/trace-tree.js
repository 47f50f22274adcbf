/*
 * The trace viewer's pure part: from the JSON of Jaeger's HTTP API (`/api/traces`, `/api/traces/<trace id>`) to
 * what the page shows. No DOM, no fetch: the page loads it as a plain <script> (window.TraceTree) and the unit
 * test with require() (tools/dev/trace-viewer/trace-tree.spec.ts).
 *
 * A trace as the API answers it: { traceID, spans: [{ spanID, operationName, references: [{ refType, spanID }],
 * startTime (µs since the epoch), duration (µs), tags: [{ key, value }], logs: [{ timestamp, fields }],
 * processID }], processes: { <processID>: { serviceName } } }.
 */
/* global module, self */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.TraceTree = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var STATUS_KEYS = ['http.response.status_code', 'http.status_code'];

  function serviceOf(trace, span) {
    var process = trace.processes && trace.processes[span.processID];
    return (process && process.serviceName) || span.processID || '?';
  }

  /** The value of a span's tag, or undefined. */
  function tagValue(span, key) {
    var tags = span.tags || [];
    for (var i = 0; i < tags.length; i++) if (tags[i].key === key) return tags[i].value;
    return undefined;
  }

  /** The HTTP status a span answered (new and old OpenTelemetry attribute names), or undefined. */
  function statusCode(span) {
    for (var i = 0; i < STATUS_KEYS.length; i++) {
      var value = tagValue(span, STATUS_KEYS[i]);
      if (value !== undefined && value !== null && value !== '') return Number(value);
    }
    return undefined;
  }

  /** A span that failed: OpenTelemetry status ERROR (Jaeger's `error` tag) or an HTTP status of 500 and above. */
  function isError(span) {
    var error = tagValue(span, 'error');
    if (error === true || error === 'true') return true;
    if (tagValue(span, 'otel.status_code') === 'ERROR') return true;
    var status = statusCode(span);
    return status !== undefined && status >= 500;
  }

  /**
   * The parent's span id, or undefined for a root: the CHILD_OF reference (OpenTelemetry's parent), else a
   * FOLLOWS_FROM in the same trace (a link), as Jaeger's own UI does.
   */
  function parentId(span) {
    var references = span.references || [];
    var sameTrace = function (reference) {
      return !reference.traceID || !span.traceID || reference.traceID === span.traceID;
    };
    for (var i = 0; i < references.length; i++) if (references[i].refType === 'CHILD_OF') return references[i].spanID;
    for (var j = 0; j < references.length; j++)
      if (references[j].refType === 'FOLLOWS_FROM' && sameTrace(references[j])) return references[j].spanID;
    return undefined;
  }

  function byStart(a, b) {
    return a.startTime - b.startTime || (a.spanID < b.spanID ? -1 : a.spanID > b.spanID ? 1 : 0);
  }

  /**
   * The waterfall of a trace: one row per span, parent before its children (children by start time), each with
   * its depth and its bar as percentages of the whole trace. A span whose parent is not in the trace (not yet
   * arrived, or dropped) is shown as a root, so no span is ever hidden; a reference cycle cannot loop.
   */
  function buildTraceTree(trace) {
    var spans = (trace.spans || []).slice().sort(byStart);
    var byId = {};
    spans.forEach(function (span) {
      byId[span.spanID] = span;
    });
    var children = {};
    var roots = [];
    spans.forEach(function (span) {
      var parent = parentId(span);
      if (parent !== undefined && parent !== span.spanID && byId[parent])
        (children[parent] = children[parent] || []).push(span);
      else roots.push(span);
    });
    var start = Infinity;
    var end = -Infinity;
    spans.forEach(function (span) {
      start = Math.min(start, span.startTime);
      end = Math.max(end, span.startTime + (span.duration || 0));
    });
    if (!spans.length) start = end = 0;
    var total = end - start;
    var rows = [];
    var seen = {};
    function visit(span, depth) {
      if (seen[span.spanID]) return;
      seen[span.spanID] = true;
      var kids = children[span.spanID] || [];
      var offset = span.startTime - start;
      rows.push({
        span: span,
        spanID: span.spanID,
        parentID: parentId(span),
        depth: depth,
        service: serviceOf(trace, span),
        operation: span.operationName,
        duration: span.duration || 0,
        offset: offset,
        offsetPercent: total > 0 ? (offset / total) * 100 : 0,
        widthPercent: total > 0 ? Math.max(((span.duration || 0) / total) * 100, 0) : 100,
        childCount: kids.length,
        error: isError(span),
      });
      kids.forEach(function (child) {
        visit(child, depth + 1);
      });
    }
    roots.forEach(function (span) {
      visit(span, 0);
    });
    // Spans only reachable through a cycle: shown flat rather than lost.
    spans.forEach(function (span) {
      visit(span, 0);
    });
    return { traceID: trace.traceID, startTime: start, duration: total, rows: rows };
  }

  /** One line of the trace list: start, root operation, duration, span count, services, the root's HTTP status. */
  function summarizeTrace(trace) {
    var tree = buildTraceTree(trace);
    var root = tree.rows[0];
    var services = [];
    tree.rows.forEach(function (row) {
      if (services.indexOf(row.service) < 0) services.push(row.service);
    });
    return {
      traceID: trace.traceID,
      startTime: tree.startTime,
      duration: tree.duration,
      spanCount: tree.rows.length,
      services: services,
      rootService: root ? root.service : undefined,
      rootOperation: root ? root.operation : undefined,
      statusCode: root ? statusCode(root.span) : undefined,
      error: tree.rows.some(function (row) {
        return row.error;
      }),
    };
  }

  /** Microseconds as people read them: 850µs, 12.3ms, 1.25s. */
  function formatDuration(micros) {
    if (micros < 1000) return Math.round(micros) + 'µs';
    if (micros < 1000000) return +(micros / 1000).toFixed(micros < 10000 ? 2 : 1) + 'ms';
    return +(micros / 1000000).toFixed(2) + 's';
  }

  /** A span start (µs since the epoch) as local date and time with milliseconds. */
  function formatStart(micros) {
    var date = new Date(Math.floor(micros / 1000));
    var pad = function (n, width) {
      return String(n).padStart(width || 2, '0');
    };
    return (
      date.getFullYear() +
      '-' +
      pad(date.getMonth() + 1) +
      '-' +
      pad(date.getDate()) +
      ' ' +
      pad(date.getHours()) +
      ':' +
      pad(date.getMinutes()) +
      ':' +
      pad(date.getSeconds()) +
      '.' +
      pad(date.getMilliseconds(), 3)
    );
  }

  /** A W3C (32 hex digits) or older 64-bit (16) trace id, as the edge's traceresponse header names it. */
  function isTraceId(text) {
    return /^([0-9a-f]{16}|[0-9a-f]{32})$/i.test(String(text).trim());
  }

  /** A trace id out of whatever was pasted: the id itself, or a whole `traceresponse: 00-<id>-<span>-01` header. */
  function traceIdIn(text) {
    var value = String(text).trim();
    var header = /(?:^|\s|:)00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}\s*$/i.exec(value);
    if (header) return header[1].toLowerCase();
    return isTraceId(value) ? value.toLowerCase() : undefined;
  }

  /** What the URL's hash asks for: `#/trace/<id>`, `#/search/<text>`, or the list (`#/`, `#/service/<name>`). */
  function parseRoute(hash) {
    var path = String(hash || '').replace(/^#/, '');
    var match = /^\/trace\/([0-9a-fA-F]+)\/?$/.exec(path);
    if (match) return { view: 'trace', traceId: match[1].toLowerCase() };
    match = /^\/search\/(.+)$/.exec(path);
    if (match) return { view: 'search', query: safeDecode(match[1]) };
    match = /^\/service\/(.+)$/.exec(path);
    if (match) return { view: 'list', service: safeDecode(match[1]) };
    return { view: 'list' };
  }

  function safeDecode(text) {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  }

  /**
   * The API paths that find a trace by order id or request id: each tag in each service, since Jaeger matches the
   * service and the tag on the same span. (No lookback: the API's default, two days, covers the in-memory store.)
   */
  function tagSearchPaths(services, value, options) {
    var keys = (options && options.keys) || ['app.order_id', 'app.request_id'];
    var limit = (options && options.limit) || 20;
    var paths = [];
    services.forEach(function (service) {
      keys.forEach(function (key) {
        var tags = {};
        tags[key] = String(value).trim();
        paths.push(
          '/api/traces?service=' +
            encodeURIComponent(service) +
            '&tags=' +
            encodeURIComponent(JSON.stringify(tags)) +
            '&limit=' +
            limit,
        );
      });
    });
    return paths;
  }

  /** Traces of several answers, each once, newest first. */
  function mergeTraces(lists) {
    var seen = {};
    var merged = [];
    lists.forEach(function (list) {
      (list || []).forEach(function (trace) {
        if (!trace || seen[trace.traceID]) return;
        seen[trace.traceID] = true;
        merged.push(trace);
      });
    });
    return merged
      .map(function (trace) {
        return { trace: trace, start: summarizeTrace(trace).startTime };
      })
      .sort(function (a, b) {
        return b.start - a.start;
      })
      .map(function (entry) {
        return entry.trace;
      });
  }

  /** A log field or tag value as text (objects as JSON). */
  function valueText(value) {
    if (value === null || value === undefined) return '';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }

  return {
    buildTraceTree: buildTraceTree,
    summarizeTrace: summarizeTrace,
    formatDuration: formatDuration,
    formatStart: formatStart,
    isTraceId: isTraceId,
    traceIdIn: traceIdIn,
    parseRoute: parseRoute,
    tagSearchPaths: tagSearchPaths,
    mergeTraces: mergeTraces,
    tagValue: tagValue,
    statusCode: statusCode,
    isError: isError,
    parentId: parentId,
    valueText: valueText,
  };
});
