export { isValidEmail } from '../user-serializer/email-validator.js';
