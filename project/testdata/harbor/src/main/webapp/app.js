App.onAppVariablesReady = function () {
};
