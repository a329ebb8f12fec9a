/**
 * The azurerm provider's `resource_provider_registrations`. "none": the provider registers nothing itself (its default
 * registers 66 resource providers on every plan and needs the register action of every resource provider on the subscription). Register
 * Microsoft.CognitiveServices (and Microsoft.Storage for the bootstrap) once per subscription: README, Deploying.
 */
export const RESOURCE_PROVIDER_REGISTRATIONS = 'none';
