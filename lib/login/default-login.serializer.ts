import { CharField } from './serializer-fields.js';

/**
 * The default login body: `{"login": "...", "password": "..."}`. The login value is trimmed, the
 * password is not. Replace it with the `loginSerializerClass` setting.
 */
export class DefaultLoginSerializer {
  @CharField()
  login: string;

  @CharField({ trim: false })
  password: string;
}
