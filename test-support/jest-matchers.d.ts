// Types of cdktf's jest matchers (registered at run time by jest.setup.js).
import 'cdktf/lib/testing/adapters/jest';
