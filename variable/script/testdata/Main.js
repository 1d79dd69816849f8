/*
 * Use App.getDependency for Dependency Injection
 * eg: var DialogService = App.getDependency('DialogService');
 */

/* perform any action on widgets/variables within this block */
Page.onReady = function() {
    /*
     * variables can be accessed through 'Page.Variables' property here
     * e.g. to get dataSet in a staticVariable named 'loggedInUser' use following script
     * Page.Variables.loggedInUser.getData()
     */
};

// Prices arrive in cents; show them in units — «€», ünïcödé kept as is.
Page.QuotesonMessageReceive = function(variable, data, options) {
    if (data.symbol === "HIDDEN") {
        return false;
    }
    data.price = data.price / 100;
    return data;
};

Page["QuotesonBeforeOpen"] = (variable) => {
    console.log("opening", variable.name);
};

function helper(x) { return x * 2; }

Page.QuotesonError = async function (variable, evt) {
	console.error(evt.message);
}
