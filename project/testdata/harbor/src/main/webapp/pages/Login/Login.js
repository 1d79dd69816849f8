Page.onReady = function () {
};
