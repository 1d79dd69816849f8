Page.onReady = function() {
    /* the quotes board is ready */
};

Page.QuotesonMessageReceive = function(variable, data) {
    return data;
};
