import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { TemplateTexts } from './template-renderer';

/** The SQL of the editable e-mail templates (`email_template`). */
@Injectable()
export class NotificationTemplateRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Saves a template's texts, creating its row the first time. */
  async upsert(code: string, t: TemplateTexts, userId: string, m: EntityManager = this.db.manager): Promise<void> {
    await m.query(
      `INSERT INTO email_template (code, subject, html, text, updated_by, updated_at) VALUES ($1,$2,$3,$4,$5,now())
       ON CONFLICT (code) DO UPDATE SET subject = EXCLUDED.subject, html = EXCLUDED.html, text = EXCLUDED.text,
                                        updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [code, t.subject, t.html, t.text, userId],
    );
  }
}
