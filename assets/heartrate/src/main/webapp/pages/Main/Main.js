/* Page script: event handlers of the page and its variables. */
Page.onReady = function() {
};
