Application.$controller("MainPageController", ["$scope", "Widgets", "Variables", "DialogService",
    function($scope, Widgets, Variables, DialogService) {
        "use strict";

        /* perform any action with the variables inside this block(on-page-load) */
        $scope.onPageVariablesReady = function() {
            /*
             * variables can be accessed through '$scope.Variables' property here
             */
        };

        // Old-style handlers: the event in lower case after the variable's name.
        $scope.Quotesonbeforeopen = function(variable) {
            console.log("old-style open of", variable.name, Widgets === $scope.Widgets, typeof DialogService);
        };

        $scope.Quotesonmessagereceive = function(variable, data) {
            if (data.symbol === "GLOBEX") {
                return false;
            }
            data.style = "old";
            return data;
        };
    }
]);

Application.$controller("dialogController", ["$scope", function($scope) {
    "use strict";
}]);
