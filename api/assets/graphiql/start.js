// Starts GraphiQL against this server's /graphql.
//
// A ready link `/graphiql#token=<jwt>` prefills the Headers editor with
// {"Authorization": "Bearer <jwt>"}; `&query=<urlencoded query>` also prefills the query editor.
// The fragment is then removed from the address bar. A fragment is never sent to the server, so
// the token stays out of its logs. Without a token, the header can be typed into the Headers tab.
// Headers are not saved in the browser's storage (GraphiQL's shouldPersistHeaders is off).
(function () {
  'use strict';

  var DEFAULT_QUERY =
    '# Open a ready link from `jobbro serve --demo` (…/graphiql#token=…),\n' +
    '# or paste a token from its output into Headers as\n' +
    '#   {"Authorization": "Bearer <token>"}\n' +
    '{\n' +
    '  viewer {\n' +
    '    role\n' +
    '    displayName\n' +
    '  }\n' +
    '}\n';

  var container = document.getElementById('graphiql');
  // Styles set from script, so the page needs neither inline <style> nor style attributes.
  document.body.style.margin = '0';
  document.body.style.overflow = 'hidden';
  container.style.height = '100vh';

  if (!window.React || !window.ReactDOM || !window.GraphiQL) {
    container.textContent =
      'GraphiQL did not start: a script under /graphiql/ did not load (see the browser console).';
    return;
  }

  var params = new URLSearchParams(location.hash.replace(/^#/, ''));
  var token = params.get('token');
  var query = params.get('query');
  if (location.hash) {
    history.replaceState(null, '', location.pathname + location.search);
  }

  var props = {
    fetcher: GraphiQL.createFetcher({ url: location.origin + '/graphql' }),
    defaultQuery: DEFAULT_QUERY,
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: 'headers',
  };
  if (token) {
    props.headers = JSON.stringify({ Authorization: 'Bearer ' + token }, null, 2);
  }
  if (query) {
    props.query = query;
  }

  ReactDOM.createRoot(container).render(React.createElement(GraphiQL, props));
})();
