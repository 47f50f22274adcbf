/*
 * The trace viewer page: the trace list of a service, the search by trace id, order id or request id, and one
 * trace as a waterfall (`#/trace/<trace id>`). Everything the API returns is put in the page as text
 * (textContent, attributes set one by one), never parsed as HTML. The pure part is trace-tree.js.
 */
/* global window, document, fetch, location */
(function () {
  'use strict';

  var T = window.TraceTree;
  var DEFAULT_SERVICE = 'edge';
  var LIST_LIMIT = 20;
  var PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#9c755f', '#bab0ac'];

  var $ = function (id) {
    return document.getElementById(id);
  };
  var services = [];
  var colours = {};
  var renderToken = 0;

  /** An element with text (never HTML) and attributes. */
  function el(tag, options, children) {
    var node = document.createElement(tag);
    options = options || {};
    if (options.text !== undefined) node.textContent = String(options.text);
    if (options.className) node.className = options.className;
    if (options.title !== undefined) node.title = String(options.title);
    if (options.href !== undefined) node.setAttribute('href', options.href);
    (children || []).forEach(function (child) {
      if (child) node.appendChild(child);
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function colourOf(service) {
    if (!colours[service]) colours[service] = PALETTE[Object.keys(colours).length % PALETTE.length];
    return colours[service];
  }

  function setStatus(text, isError) {
    var status = $('status');
    status.textContent = text || '';
    status.className = isError ? 'status error' : 'status';
  }

  /** The API's answer as JSON; a 404 is `null` (no such trace, or not arrived yet). */
  function api(path) {
    return fetch(path, { headers: { accept: 'application/json' } }).then(function (response) {
      if (response.status === 404) return null;
      return response.json().then(
        function (body) {
          if (!response.ok)
            throw new Error((body && body.errors && body.errors[0] && body.errors[0].msg) || 'HTTP ' + response.status);
          return body;
        },
        function () {
          throw new Error('HTTP ' + response.status + ' from ' + path);
        },
      );
    });
  }

  function show(view) {
    $('list-view').hidden = view !== 'list';
    $('trace-view').hidden = view !== 'trace';
  }

  function loadServices() {
    return api('/api/services').then(function (body) {
      services = ((body && body.data) || []).filter(function (name) {
        return name !== 'jaeger';
      });
      services.sort();
      var select = $('service');
      clear(select);
      services.forEach(function (name) {
        var option = el('option', { text: name });
        option.value = name;
        select.appendChild(option);
      });
      return services;
    });
  }

  function chosenService(route) {
    if (route.service) return route.service;
    var current = $('service').value;
    if (current) return current;
    return services.indexOf(DEFAULT_SERVICE) >= 0 ? DEFAULT_SERVICE : services[0];
  }

  function traceLink(traceID) {
    return '#/trace/' + encodeURIComponent(traceID);
  }

  function renderTraceList(traces, emptyText) {
    var body = $('traces');
    clear(body);
    traces.forEach(function (trace) {
      var summary = T.summarizeTrace(trace);
      var status = summary.statusCode === undefined ? '' : summary.statusCode;
      var row = el('tr', { title: summary.traceID }, [
        el('td', { className: 'mono', text: T.formatStart(summary.startTime) }),
        el('td', {}, [
          el('a', {
            href: traceLink(summary.traceID),
            text: (summary.rootService ? summary.rootService + ': ' : '') + (summary.rootOperation || '(no spans)'),
            className: summary.error ? 'error-text' : '',
          }),
        ]),
        el('td', { className: 'num', text: T.formatDuration(summary.duration) }),
        el('td', { className: 'num', text: summary.spanCount }),
        el('td', { className: 'services', text: summary.services.join(', ') }),
        el('td', { className: 'num' + (summary.statusCode >= 500 ? ' error-text' : ''), text: status }),
      ]);
      row.addEventListener('click', function (event) {
        if (event.target.tagName !== 'A') location.hash = traceLink(summary.traceID);
      });
      body.appendChild(row);
    });
    if (!traces.length) body.appendChild(el('tr', {}, [el('td', { text: emptyText }, [])]));
    show('list');
  }

  function showList(route, token) {
    var service = chosenService(route);
    if (!service) {
      setStatus('No service has sent a trace yet. Place an order (or call the edge) and refresh.');
      renderTraceList([], 'No traces.');
      return Promise.resolve();
    }
    if ($('service').value !== service) $('service').value = service;
    setStatus('Loading the latest traces of ' + service + '…');
    return api('/api/traces?service=' + encodeURIComponent(service) + '&limit=' + LIST_LIMIT).then(function (body) {
      if (token !== renderToken) return;
      var traces = T.mergeTraces([(body && body.data) || []]);
      setStatus(traces.length + ' latest trace(s) of ' + service + ', newest first.');
      renderTraceList(traces, 'No traces of ' + service + ' yet.');
    });
  }

  function showSearch(route, token) {
    var query = route.query.trim();
    $('query').value = query;
    var traceId = T.traceIdIn(query);
    if (traceId) {
      location.replace(traceLink(traceId));
      return Promise.resolve();
    }
    setStatus('Searching every service for app.order_id or app.request_id = ' + query + '…');
    var paths = T.tagSearchPaths(services, query);
    return Promise.all(
      paths.map(function (path) {
        return api(path).then(
          function (body) {
            return (body && body.data) || [];
          },
          function () {
            return [];
          },
        );
      }),
    ).then(function (lists) {
      if (token !== renderToken) return;
      var traces = T.mergeTraces(lists);
      setStatus(traces.length + ' trace(s) with app.order_id or app.request_id = ' + query + '.');
      renderTraceList(
        traces,
        'No trace has that order id or request id (yet: spans arrive a few seconds after the answer).',
      );
    });
  }

  function detailTable(rows) {
    return el(
      'table',
      {},
      rows.map(function (pair) {
        return el('tr', {}, [el('td', { text: pair[0] }), el('td', { text: T.valueText(pair[1]) })]);
      }),
    );
  }

  function spanDetails(row, trace, traceStart) {
    var span = row.span;
    var process = (trace.processes && trace.processes[span.processID]) || {};
    var box = el('div', { className: 'details' });
    box.addEventListener('click', function (event) {
      event.stopPropagation();
    });
    box.appendChild(
      detailTable([
        ['span id', span.spanID],
        ['parent', row.parentID || '(root)'],
        ['start', '+' + T.formatDuration(row.offset)],
        ['duration', T.formatDuration(row.duration)],
      ]),
    );
    box.appendChild(el('h2', { text: 'Tags' }));
    box.appendChild(
      detailTable(
        (span.tags || []).map(function (tag) {
          return [tag.key, tag.value];
        }),
      ),
    );
    if (span.logs && span.logs.length) {
      box.appendChild(el('h2', { text: 'Logs (events)' }));
      span.logs.forEach(function (log) {
        box.appendChild(el('div', { className: 'mono', text: '+' + T.formatDuration(log.timestamp - traceStart) }));
        box.appendChild(
          detailTable(
            (log.fields || []).map(function (field) {
              return [field.key, field.value];
            }),
          ),
        );
      });
    }
    if (process.tags && process.tags.length) {
      box.appendChild(el('h2', { text: 'Process' }));
      box.appendChild(
        detailTable(
          process.tags.map(function (tag) {
            return [tag.key, tag.value];
          }),
        ),
      );
    }
    return box;
  }

  function renderTrace(trace) {
    var tree = T.buildTraceTree(trace);
    var summary = T.summarizeTrace(trace);
    $('trace-title').textContent = (summary.rootService || '') + ': ' + (summary.rootOperation || '(no spans)');
    $('trace-meta').textContent =
      'Trace ' +
      trace.traceID +
      ' · ' +
      T.formatStart(tree.startTime) +
      ' · ' +
      T.formatDuration(tree.duration) +
      ' · ' +
      tree.rows.length +
      ' spans · ' +
      summary.services.join(', ') +
      (summary.statusCode === undefined ? '' : ' · HTTP ' + summary.statusCode);
    var waterfall = $('waterfall');
    clear(waterfall);
    tree.rows.forEach(function (row) {
      var label = el('div', { className: 'label', title: row.service + ' ' + row.operation }, [
        el('span', { className: 'service', text: row.service }),
        el('span', { className: row.error ? 'error-text' : '', text: row.operation }),
      ]);
      label.style.paddingLeft = 8 + row.depth * 16 + 'px';
      var bar = el('div', { className: 'span-bar' + (row.error ? ' error' : '') });
      bar.style.left = row.offsetPercent + '%';
      bar.style.width = row.widthPercent + '%';
      bar.style.background = colourOf(row.service);
      var duration = el('span', { className: 'span-duration', text: T.formatDuration(row.duration) });
      var end = row.offsetPercent + row.widthPercent;
      if (end > 85) duration.style.right = 100 - row.offsetPercent + 1 + '%';
      else duration.style.left = end + 1 + '%';
      var line = el('div', { className: 'row' }, [label, el('div', { className: 'timeline' }, [bar, duration])]);
      var details;
      line.addEventListener('click', function () {
        if (details) {
          line.removeChild(details);
          details = undefined;
          line.classList.remove('open');
        } else {
          details = spanDetails(row, trace, tree.startTime);
          line.appendChild(details);
          line.classList.add('open');
        }
      });
      waterfall.appendChild(line);
    });
    show('trace');
  }

  function showTrace(route, token) {
    setStatus('Loading trace ' + route.traceId + '…');
    return api('/api/traces/' + encodeURIComponent(route.traceId)).then(function (body) {
      if (token !== renderToken) return;
      var trace = body && body.data && body.data[0];
      if (!trace) {
        show('none');
        setStatus(
          'Trace ' +
            route.traceId +
            ' is not in this Jaeger (yet: spans arrive a few seconds after the answer; ' +
            'traces are kept in memory until npm run dev stops). Reload to try again.',
          true,
        );
        return;
      }
      setStatus('Click a span for its tags and events.');
      renderTrace(trace);
    });
  }

  function route() {
    var token = ++renderToken;
    var current = T.parseRoute(location.hash);
    var shown =
      current.view === 'trace'
        ? showTrace(current, token)
        : current.view === 'search'
          ? showSearch(current, token)
          : showList(current, token);
    shown.catch(function (error) {
      if (token === renderToken) setStatus('Jaeger did not answer: ' + error.message, true);
    });
  }

  $('service').addEventListener('change', function () {
    location.hash = '#/service/' + encodeURIComponent($('service').value);
  });
  $('refresh').addEventListener('click', function () {
    loadServices().then(route, route);
  });
  $('search').addEventListener('submit', function (event) {
    event.preventDefault();
    var query = $('query').value.trim();
    if (!query) return;
    var traceId = T.traceIdIn(query);
    location.hash = traceId ? traceLink(traceId) : '#/search/' + encodeURIComponent(query);
  });
  window.addEventListener('hashchange', route);
  loadServices().then(route, function (error) {
    setStatus('Jaeger did not answer /api/services: ' + error.message, true);
    route();
  });
})();
