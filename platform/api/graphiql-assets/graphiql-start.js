// Starts GraphiQL with the files served beside this one: nothing is loaded from
// another host, so the IDE works offline and in closed networks. Operations go
// over HTTP with the headers of the Headers tab.
(function () {
  "use strict";
  var root = document.getElementById("graphiql");
  var endpoint = new URL(root.getAttribute("data-endpoint"), window.location.href);

  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: GraphiQL.createFetcher({ url: endpoint.href }),
      defaultQuery: root.getAttribute("data-query"),
      defaultHeaders: root.getAttribute("data-headers"),
      defaultEditorToolsVisibility: "headers",
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    })
  );
})();
