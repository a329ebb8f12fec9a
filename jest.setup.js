// cdktf's jest matchers (toHaveResourceWithProperties, toBeValidTerraform, ...).
require('cdktf').Testing.setupJest();
