/* App script: event handlers of the App and its variables. */
App.onAppVariablesReady = function() {
};
