import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { UnsupportedMediaType } from '../errors/exceptions.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { getHttpRequest, type HttpRequest } from './http.js';

const PARSED_MEDIA_TYPES = new Set(['application/json', 'application/x-www-form-urlencoded']);

function hasBody(request: HttpRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** 415 for a body that is neither JSON nor form-urlencoded (those the route can read). */
@Injectable()
export class MediaTypeGuard implements CanActivate {
  constructor(private readonly messages: RegistrationMessages) {}

  canActivate(context: ExecutionContext): boolean {
    const request = getHttpRequest(context);
    if (!hasBody(request)) return true;
    const header = request.headers['content-type'];
    const contentType = typeof header === 'string' ? header : '';
    const mediaType = contentType.split(';')[0].trim().toLowerCase();
    if (PARSED_MEDIA_TYPES.has(mediaType)) return true;
    throw this.messages.localizeFor(
      new UnsupportedMediaType(contentType),
      request,
      context.switchToHttp().getResponse(),
    );
  }
}
